import type { QueryClient } from "@tanstack/react-query";
import { type ComponentType, createElement, lazy, type ReactNode, useState } from "react";
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
export type ScreenComponent = ComponentType & { preload?: () => void };

/**
 * A screen loaded on first use that can also be loaded ahead: the console starts fetching a
 * screen's chunk while it still asks who the user is, instead of after. Once its code is in, the
 * screen renders at once — not through `lazy`, which suspends on its first render even when the
 * code is already loaded, and React holds a revealed Suspense boundary back for up to 300 ms.
 */
export function lazyScreen(load: () => Promise<{ default: ComponentType }>): ScreenComponent {
  let loaded: ComponentType | null = null;
  let loading: Promise<{ default: ComponentType }> | null = null;
  const fetchModule = () => {
    loading ??= load().then(
      (module) => {
        loaded = module.default;
        return module;
      },
      (error: unknown) => {
        loading = null; // the next render tries again
        throw error;
      },
    );
    return loading;
  };
  const Lazy = lazy(fetchModule);
  // biome-ignore lint/correctness/noComponentHookFactories: made once per screen at module load, like lazy()
  const Screen = () => {
    // Chosen once per mount: switching from Lazy to the loaded component later would remount
    // the screen and lose what the user had entered.
    const [Chosen] = useState<ComponentType>(() => loaded ?? Lazy);
    return createElement(Chosen);
  };
  return Object.assign(Screen, {
    preload: () => {
      // A failure shows when the screen renders (its error boundary), not here.
      fetchModule().catch(() => undefined);
    },
  });
}
