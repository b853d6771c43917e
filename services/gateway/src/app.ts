import type { Logger } from "@slms/logging";
import express, { type Express, type RequestHandler } from "express";
import { authenticate, userRateLimit } from "./auth/authenticate.ts";
import type { GatewayDeps } from "./deps.ts";
import { consoleRouter } from "./http/console.ts";
import { docsRouter } from "./http/docs.ts";
import { errorHandler, writeError } from "./http/errors.ts";
import { fileBody } from "./http/file-body.ts";
import { inputHygiene } from "./http/input-hygiene.ts";
import { observe, routeResolver, setRoute } from "./http/observe.ts";
import { openApiDocument } from "./http/openapi.ts";
import { authorizeRoute, expressPath, type RouteSpec, routeHandler } from "./http/route.ts";
import { idempotency } from "./idempotency/middleware.ts";
import { accountMappingRoutes } from "./routes/account-mapping.ts";
import { apiClientRoutes } from "./routes/api-clients.ts";
import { authRoutes } from "./routes/auth.ts";
import { bankLineRoutes } from "./routes/bank-lines.ts";
import { billingRoutes } from "./routes/billing.ts";
import { customerRoutes } from "./routes/customers.ts";
import { importRoutes } from "./routes/imports.ts";
import { leaseRoutes } from "./routes/leases.ts";
import { notificationRoutes } from "./routes/notifications.ts";
import { paymentRoutes } from "./routes/payments.ts";
import { reportRoutes } from "./routes/reports.ts";
import { siteRoutes } from "./routes/sites.ts";
import { unitRoutes } from "./routes/units.ts";
import { userRoutes } from "./routes/users.ts";

export interface AppOptions {
  /** Readiness of each dependency, for `/readyz`. */
  readiness(): Promise<Record<string, boolean>>;
  /** Prometheus exposition, for `/metrics`. */
  metricsHandler?: RequestHandler;
  /** Express `trust proxy` setting, so `req.ip` is the client behind a load balancer. */
  trustProxy: string | number | boolean;
  version: string;
  /** The web console's build (apps/console/dist), served at `/` when given and built. */
  consoleDir?: string | undefined;
}

/** Every REST route of the platform. */
export function allRoutes(deps: GatewayDeps): RouteSpec[] {
  return [
    ...authRoutes(deps),
    ...userRoutes(deps),
    ...siteRoutes(deps),
    ...unitRoutes(deps),
    ...customerRoutes(deps),
    ...leaseRoutes(deps),
    ...billingRoutes(deps),
    ...paymentRoutes(deps),
    ...reportRoutes(deps),
    ...notificationRoutes(deps),
    ...importRoutes(deps),
    ...apiClientRoutes(deps),
    ...accountMappingRoutes(deps),
    ...bankLineRoutes(deps),
  ];
}

/**
 * The OpenAPI document of every route, built without any dependency (the routes only use theirs
 * when called), for generating clients — the web console's types — from the source.
 */
export function apiDocument(version = "0.1.0") {
  const unused = new Proxy({} as GatewayDeps, {
    get: (_target, name) =>
      new Proxy(() => undefined, {
        get: () => {
          throw new Error(`the API document needs no ${String(name)}`);
        },
        apply: () => {
          throw new Error(`the API document needs no ${String(name)}`);
        },
      }),
  });
  return openApiDocument(allRoutes(unused), { title: "SLMS API", version });
}

export function createApp(deps: GatewayDeps, options: AppOptions): Express {
  const logger: Logger = deps.logger;
  const routes = allRoutes(deps);
  const openapi = openApiDocument(routes, { title: "SLMS API", version: options.version });

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", options.trustProxy);
  app.use((_req, res, next) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "no-referrer");
    next();
  });
  app.use(observe(logger, routeResolver(routes)));

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", async (_req, res) => {
    const checks = await options.readiness();
    const ready = Object.values(checks).every(Boolean);
    res.status(ready ? 200 : 503).json({ status: ready ? "ready" : "not ready", checks });
  });
  if (options.metricsHandler) app.get("/metrics", options.metricsHandler);
  app.get("/api/v1/openapi.json", (_req, res) => {
    res.json(openapi);
  });
  app.use("/api/docs", docsRouter("/api/v1/openapi.json"));

  const api = express.Router();
  api.use(express.json({ limit: "1mb", strict: false }));
  api.use(authenticate(deps.tokens));
  api.use(userRateLimit(deps.rateLimiter, deps.limits.requestsPerMinute));
  const hygiene = inputHygiene();
  for (const spec of routes) {
    // Who may call, then what they sent, then (money routes) the Idempotency-Key, then the work.
    const path = expressPath(spec.path.replace(/^\/api/, ""));
    const template = `/api${path}`;
    const handlers: RequestHandler[] = [
      (_req, res, next) => {
        setRoute(res, template);
        next();
      },
      authorizeRoute(spec),
    ];
    if (spec.upload) handlers.push(fileBody(spec.upload));
    handlers.push(hygiene);
    if (spec.idempotency) handlers.push(idempotency(deps.idempotency, spec.idempotency, logger));
    handlers.push(routeHandler(spec));
    api[spec.method](path, ...handlers);
  }
  api.use((req, res) =>
    writeError(res, 404, "not_found", `no route ${req.method} ${req.originalUrl}`),
  );
  app.use("/api", api);
  const webConsole = options.consoleDir ? consoleRouter(options.consoleDir) : null;
  if (webConsole) app.use(webConsole);
  app.use(errorHandler(logger));
  return app;
}
