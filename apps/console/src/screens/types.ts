import type { ComponentType, LazyExoticComponent, ReactNode } from "react";
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
  component: LazyExoticComponent<ComponentType>;
}
