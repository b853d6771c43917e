import { TeamOutlined } from "@ant-design/icons";
import { lazy } from "react";
import type { ScreenRoute } from "../types";

export const routes: ScreenRoute[] = [
  {
    path: "customers",
    scope: "site",
    permission: "customers.read",
    menu: { label: "customers", icon: <TeamOutlined />, order: 20 },
    component: lazy(() => import("./CustomersList")),
  },
];
