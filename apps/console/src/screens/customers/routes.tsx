import { TeamOutlined } from "@ant-design/icons";
import { lazyScreen, type ScreenRoute } from "../types";

export const routes: ScreenRoute[] = [
  {
    path: "customers",
    scope: "site",
    permission: "customers.read",
    menu: { label: "customers", icon: <TeamOutlined />, order: 20 },
    component: lazyScreen(() => import("./CustomersList")),
  },
];
