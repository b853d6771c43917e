import { FileTextOutlined } from "@ant-design/icons";
import { lazyScreen, type ScreenRoute } from "../types";

export const routes: ScreenRoute[] = [
  {
    path: "leases",
    scope: "site",
    permission: "leases.read",
    menu: { label: "leases", icon: <FileTextOutlined />, order: 30 },
    component: lazyScreen(() => import("./LeasesList")),
  },
  {
    path: "leases/new",
    scope: "site",
    permission: "leases.write",
    component: lazyScreen(() => import("./LeaseWizard")),
  },
  {
    path: "leases/:leaseId",
    scope: "site",
    permission: "leases.read",
    component: lazyScreen(() => import("./LeaseDetail")),
  },
];
