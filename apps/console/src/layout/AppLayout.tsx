import { GlobalOutlined, LogoutOutlined, UserOutlined } from "@ant-design/icons";
import { Button, Layout, Menu, Select, Space, Spin, Typography } from "antd";
import { Suspense, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Outlet, useLocation, useMatch, useNavigate } from "react-router";
import { seesAllSites } from "../auth/grants";
import { session } from "../auth/session";
import { useSites } from "../auth/site";
import { useCan, useMe } from "../auth/use-me";
import { rememberLanguage } from "../i18n";
import { type Language, languages } from "../i18n/locales";
import { screens } from "../screens";

const HQ = "__hq__";

/** Menu, site switcher, language and sign-out around every screen. */
export function AppLayout() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  // The layout sits above the site's routes, so the site comes from the URL, not its params.
  const siteId = useMatch("/sites/:siteId/*")?.params.siteId;
  const me = useMe();
  const sites = useSites();
  const can = useCan();
  const atHq = location.pathname.startsWith("/hq");

  const items = useMemo(
    () =>
      screens
        .filter((screen) => screen.menu)
        .filter((screen) =>
          screen.scope === "site"
            ? siteId !== undefined && (screen.permission === null || can(screen.permission, siteId))
            : screen.permission === null || can(screen.permission),
        )
        .filter((screen) => (screen.scope === "site" ? !atHq : true))
        .sort((a, b) => a.menu!.order - b.menu!.order)
        .map((screen) => ({
          key: screen.scope === "site" ? `/sites/${siteId}/${screen.path}` : `/hq/${screen.path}`,
          icon: screen.menu!.icon,
          label: t(`menu.${screen.menu!.label}`),
        })),
    [siteId, atHq, can, t],
  );
  const selected = items
    .map((item) => item.key)
    .filter((key) => location.pathname.startsWith(key))
    .sort((a, b) => b.length - a.length)[0];

  const siteOptions = [
    ...(seesAllSites(me.data) ? [{ value: HQ, label: t("shell.allSites") }] : []),
    ...(sites.data ?? []).map((site) => ({ value: site.id, label: `${site.code} · ${site.name}` })),
  ];

  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={56} theme="light" width={200}>
        <div className="brand">SLMS</div>
        <Menu
          mode="inline"
          items={items}
          selectedKeys={selected ? [selected] : []}
          onClick={({ key }) => navigate(key)}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          className="header"
          style={{ background: "#fff", padding: "0 16px", height: "auto", lineHeight: "normal" }}
        >
          <Space wrap>
            <label htmlFor="site-switcher">{t("shell.site")}</label>
            <Select
              id="site-switcher"
              aria-label={t("shell.site")}
              style={{ minWidth: 260 }}
              value={atHq ? (seesAllSites(me.data) ? HQ : undefined) : siteId}
              placeholder={t("shell.site")}
              options={siteOptions}
              loading={sites.isLoading}
              showSearch={{ optionFilterProp: "label" }}
              onChange={(value: string) =>
                navigate(value === HQ ? "/hq/dashboard" : `/sites/${value}/units`)
              }
            />
          </Space>
          <Space wrap>
            <Select<Language>
              aria-label={t("shell.language")}
              prefix={<GlobalOutlined />}
              value={i18n.language as Language}
              options={languages.map((language) => ({
                value: language,
                label: language === "zh-CN" ? "中文" : "English",
              }))}
              onChange={rememberLanguage}
            />
            <Typography.Text>
              <UserOutlined /> {me.data?.name}
            </Typography.Text>
            <Button
              icon={<LogoutOutlined />}
              onClick={async () => {
                await session.logout();
                navigate("/login");
              }}
            >
              {t("shell.logout")}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content className="content">
          <Suspense fallback={<Spin />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
