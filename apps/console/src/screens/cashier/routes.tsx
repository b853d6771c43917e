import { DollarOutlined, UnorderedListOutlined } from "@ant-design/icons";
import { lazyScreen, type ScreenRoute } from "../types";

export const routes: ScreenRoute[] = [
  {
    path: "cashier",
    scope: "site",
    permission: "payments.record",
    menu: { label: "cashier", icon: <DollarOutlined />, order: 50 },
    component: lazyScreen(() => import("./Cashier")),
  },
  {
    path: "payments",
    scope: "site",
    permission: "payments.read",
    menu: { label: "payments", icon: <UnorderedListOutlined />, order: 55 },
    component: lazyScreen(() => import("./Payments")),
  },
];
