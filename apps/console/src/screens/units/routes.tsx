import { AppstoreOutlined } from "@ant-design/icons";
import { lazy } from "react";
import type { ScreenRoute } from "../types";

export const routes: ScreenRoute[] = [
  {
    path: "units",
    scope: "site",
    permission: "units.read",
    menu: { label: "units", icon: <AppstoreOutlined />, order: 10 },
    component: lazy(() => import("./UnitsBoard")),
  },
];
