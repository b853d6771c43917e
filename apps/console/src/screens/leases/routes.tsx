import { FileTextOutlined } from "@ant-design/icons";
import { lazy } from "react";
import type { ScreenRoute } from "../types";

export const routes: ScreenRoute[] = [
  {
    path: "leases",
    scope: "site",
    permission: "leases.read",
    menu: { label: "leases", icon: <FileTextOutlined />, order: 30 },
    component: lazy(() => import("./LeasesList")),
  },
  {
    path: "leases/new",
    scope: "site",
    permission: "leases.write",
    component: lazy(() => import("./LeaseWizard")),
  },
  {
    path: "leases/:leaseId",
    scope: "site",
    permission: "leases.read",
    component: lazy(() => import("./LeaseDetail")),
  },
];
