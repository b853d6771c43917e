import { routes as adminRoutes } from "./admin/routes";
import { routes as billingRoutes } from "./billing/routes";
import { routes as cashierRoutes } from "./cashier/routes";
import { routes as customerRoutes } from "./customers/routes";
import { routes as hqRoutes } from "./hq/routes";
import { routes as leaseRoutes } from "./leases/routes";
import type { ScreenRoute } from "./types";
import { routes as unitRoutes } from "./units/routes";

/** Every screen of the console. */
export const screens: ScreenRoute[] = [
  ...unitRoutes,
  ...customerRoutes,
  ...leaseRoutes,
  ...billingRoutes,
  ...cashierRoutes,
  ...hqRoutes,
  ...adminRoutes,
];
