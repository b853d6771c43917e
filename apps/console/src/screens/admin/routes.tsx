import {
  AccountBookOutlined,
  ApiOutlined,
  BellOutlined,
  CloudUploadOutlined,
  MailOutlined,
  TeamOutlined,
} from "@ant-design/icons";
import { lazyScreen, type ScreenRoute } from "../types";

export const routes: ScreenRoute[] = [
  {
    path: "inbox",
    scope: "org",
    permission: null,
    menu: { label: "inbox", icon: <BellOutlined />, order: 90 },
    component: lazyScreen(() => import("./InboxScreen")),
  },
  {
    path: "users",
    scope: "org",
    permission: "users.read",
    menu: { label: "users", icon: <TeamOutlined />, order: 95 },
    component: lazyScreen(() => import("./UsersScreen")),
  },
  {
    path: "api-clients",
    scope: "org",
    permission: "apiClients.read",
    menu: { label: "apiClients", icon: <ApiOutlined />, order: 96 },
    component: lazyScreen(() => import("./ApiClientsScreen")),
  },
  {
    path: "account-mapping",
    scope: "org",
    permission: "accounting.read",
    menu: { label: "accountMapping", icon: <AccountBookOutlined />, order: 97 },
    component: lazyScreen(() => import("./AccountMappingScreen")),
  },
  {
    path: "imports",
    scope: "site",
    permission: "imports.run",
    menu: { label: "imports", icon: <CloudUploadOutlined />, order: 80 },
    component: lazyScreen(() => import("./ImportsScreen")),
  },
  {
    path: "notifications",
    scope: "site",
    permission: "notifications.read",
    menu: { label: "notifications", icon: <MailOutlined />, order: 70 },
    component: lazyScreen(() => import("./NotificationsScreen")),
  },
];
