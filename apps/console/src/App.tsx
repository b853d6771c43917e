import { QueryClient, QueryClientProvider, useQueryClient } from "@tanstack/react-query";
import { App as AntApp, ConfigProvider, Spin } from "antd";
import enUS from "antd/locale/en_US";
import zhCN from "antd/locale/zh_CN";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import { useEffect, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import { BrowserRouter, Navigate, Route, Routes, useNavigate, useParams } from "react-router";
import { ApiError } from "./api/client";
import { seesAllSites } from "./auth/grants";
import LoginPage from "./auth/LoginPage";
import { session } from "./auth/session";
import { SiteContext, useSites } from "./auth/site";
import { useCan, useMe } from "./auth/use-me";
import { AppLayout } from "./layout/AppLayout";
import { Problem } from "./layout/Problem";
import { screens } from "./screens";
import type { ScreenRoute } from "./screens/types";

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A refusal will not change by asking again; a network blip might.
      retry: (count, error) => !(error instanceof ApiError) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

function useSignedIn(): boolean {
  return useSyncExternalStore(session.subscribe, session.signedIn);
}

/** The screen, or 403 when the user's role may not use it (at this site). */
function Guarded({ screen }: { screen: ScreenRoute }) {
  const can = useCan();
  const { siteId } = useParams();
  const me = useMe();
  if (!me.data) {
    // Fetch the screen's code while the user's grants are on their way.
    screen.component.preload?.();
    return <Spin />;
  }
  const allowed =
    screen.permission === null ||
    (screen.scope === "site" ? can(screen.permission, siteId) : can(screen.permission));
  if (!allowed) return <Problem kind="forbidden" />;
  const Screen = screen.component;
  return <Screen />;
}

/** A site's screen, with the site (currency, time zone) for it; 404 if the site is not yours. */
function SiteScreen({ screen }: { screen: ScreenRoute }) {
  const { siteId } = useParams();
  const sites = useSites();
  const client = useQueryClient();
  if (sites.isLoading) {
    // The screen's code and first data while the sites are on their way (the API refuses a site
    // that is not the user's, as the screen would).
    screen.component.preload?.();
    if (siteId) screen.prefetch?.(client, siteId);
    return <Spin />;
  }
  const site = sites.data?.find((s) => s.id === siteId);
  if (!site) return <Problem kind="notFound" />;
  return (
    <SiteContext.Provider value={site}>
      <Guarded screen={screen} />
    </SiteContext.Provider>
  );
}

/** Where `/` goes: HQ to the dashboard, site staff to their first site's first screen. */
function Home() {
  const me = useMe();
  const sites = useSites();
  const can = useCan();
  if (!me.data || sites.isLoading) return <Spin />;
  if (seesAllSites(me.data)) return <Navigate to="/hq/dashboard" replace />;
  const site = sites.data?.[0];
  const first = screens
    .filter((s) => s.scope === "site" && s.menu)
    .sort((a, b) => a.menu!.order - b.menu!.order)
    .find((s) => site && (s.permission === null || can(s.permission, site.id)));
  if (site && first) return <Navigate to={`/sites/${site.id}/${first.path}`} replace />;
  return <Navigate to="/hq/inbox" replace />;
}

function SignedInRoutes() {
  const signedIn = useSignedIn();
  const navigate = useNavigate();
  useEffect(() => {
    if (!signedIn) {
      queryClient.clear();
      navigate("/login", { replace: true });
    }
  }, [signedIn, navigate]);
  if (!signedIn) return null;
  return (
    <Routes>
      <Route element={<AppLayout />}>
        <Route index element={<Home />} />
        {screens
          .filter((s) => s.scope === "org")
          .map((screen) => (
            <Route
              key={screen.path}
              path={`hq/${screen.path}`}
              element={<Guarded screen={screen} />}
            />
          ))}
        <Route path="sites/:siteId">
          {screens
            .filter((s) => s.scope === "site")
            .map((screen) => (
              <Route
                key={screen.path}
                path={screen.path}
                element={<SiteScreen screen={screen} />}
              />
            ))}
          <Route path="*" element={<Problem kind="notFound" />} />
        </Route>
        <Route path="*" element={<Problem kind="notFound" />} />
      </Route>
    </Routes>
  );
}

function Login() {
  const navigate = useNavigate();
  return <LoginPage onSignedIn={() => navigate("/", { replace: true })} />;
}

export function App() {
  const { i18n } = useTranslation();
  const zh = i18n.language === "zh-CN";
  dayjs.locale(zh ? "zh-cn" : "en");
  return (
    <ConfigProvider locale={zh ? zhCN : enUS} theme={{ token: { colorPrimary: "#1d5fa8" } }}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <Routes>
              <Route path="/login" element={<Login />} />
              <Route path="/*" element={<SignedInRoutes />} />
            </Routes>
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
