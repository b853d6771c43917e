import { DashboardOutlined, FileTextOutlined } from "@ant-design/icons";
import { lazyScreen, type ScreenRoute } from "../types";

export const routes: ScreenRoute[] = [
  {
    path: "billing",
    scope: "site",
    permission: "billing.read",
    menu: { label: "billing", icon: <FileTextOutlined />, order: 40 },
    component: lazyScreen(() => import("./Bills")),
  },
  {
    path: "bills/:billId",
    scope: "site",
    permission: "billing.read",
    component: lazyScreen(() => import("./BillDetail")),
  },
  {
    path: "meters",
    scope: "site",
    permission: "meters.write",
    menu: { label: "meters", icon: <DashboardOutlined />, order: 45 },
    component: lazyScreen(() => import("./Meters")),
  },
];
