import type { QueryClient } from "@tanstack/react-query";
import { type ComponentType, type LazyExoticComponent, lazy, type ReactNode } from "react";
import type { Permission } from "../auth/grants";

/** One screen of the console, as its area declares it. */
export interface ScreenRoute {
  /**
   * Path under `/sites/:siteId/` (scope `site`) or `/hq/` (scope `org`, screens across sites and
   * organisation-wide ones), e.g. `leases/:leaseId`.
   */
  path: string;
  scope: "site" | "org";
  /** What the user needs (at the site, for site screens); null: any signed-in user. */
  permission: Permission | null;
  /** Its menu entry (label: a key under `menu.`); absent for detail screens. */
  menu?: { label: string; icon: ReactNode; order: number };
  /** Loaded when first opened (each screen is its own chunk). */
  component: ScreenComponent;
  /**
   * Asks for the data the screen shows first while the user and their sites are still on their
   * way (site screens), so it is there when the screen mounts.
   */
  prefetch?: (client: QueryClient, siteId: string) => void;
}

/** A screen's component, loaded when first shown; `preload()` starts loading it earlier. */
export type ScreenComponent = LazyExoticComponent<ComponentType> & { preload?: () => unknown };

/**
 * `lazy(load)` that can also be loaded ahead: the console starts fetching a screen's chunk while
 * it still asks who the user is, instead of after.
 */
export function lazyScreen(load: () => Promise<{ default: ComponentType }>): ScreenComponent {
  return Object.assign(lazy(load), { preload: load });
}
