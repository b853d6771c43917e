import { AppstoreOutlined } from "@ant-design/icons";
import { lazyScreen, type ScreenRoute } from "../types";

export const routes: ScreenRoute[] = [
  {
    path: "units",
    scope: "site",
    permission: "units.read",
    menu: { label: "units", icon: <AppstoreOutlined />, order: 10 },
    component: lazyScreen(() => import("./UnitsBoard")),
  },
];
