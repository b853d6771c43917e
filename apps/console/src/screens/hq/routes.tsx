import { BarChartOutlined, DashboardOutlined } from "@ant-design/icons";
import { lazyScreen, type ScreenRoute } from "../types";

export const routes: ScreenRoute[] = [
  {
    path: "dashboard",
    scope: "org",
    permission: "reports.read",
    menu: { label: "dashboard", icon: <DashboardOutlined />, order: 5 },
    component: lazyScreen(() => import("./HqDashboard")),
  },
  {
    path: "reports",
    scope: "site",
    permission: "reports.read",
    menu: { label: "reports", icon: <BarChartOutlined />, order: 60 },
    component: lazyScreen(() => import("./SiteReports")),
  },
];
