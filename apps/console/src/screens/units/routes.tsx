import { AppstoreOutlined } from "@ant-design/icons";
import { buildingsQuery, siteUnitsQuery } from "../../api/pages";
import { lazyScreen, type ScreenRoute } from "../types";

export const routes: ScreenRoute[] = [
  {
    path: "units",
    scope: "site",
    permission: "units.read",
    menu: { label: "units", icon: <AppstoreOutlined />, order: 10 },
    component: lazyScreen(() => import("./UnitsBoard")),
    prefetch: (client, siteId) => {
      void client.prefetchQuery(siteUnitsQuery(siteId));
      void client.prefetchQuery(buildingsQuery(siteId));
    },
  },
];
