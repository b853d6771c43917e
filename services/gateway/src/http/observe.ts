import { SpanKind } from "@opentelemetry/api";
import type { Logger } from "@slms/logging";
import {
  contextFromTraceparent,
  contextWithService,
  httpServerDuration,
  LabelCache,
  withSpan,
} from "@slms/telemetry";
import type { NextFunction, Request, Response } from "express";

const SERVICE = "gateway";

/**
 * Names the route template a request matched, e.g. `/api/v1/sites/:siteId/units` (set by the
 * API's route table before any of the route's handlers, so a request refused by authorization or
 * validation still counts under its route).
 */
export function setRoute(res: Response, template: string): void {
  res.locals.route = template;
}

/** Finds the template of a request that was answered before routing (401, 429). */
export type RouteResolver = (method: string, path: string) => string | undefined;

/**
 * A resolver over the API's route table (`{ method: "get", path: "/api/v1/sites/{siteId}" }`),
 * matching in table order as Express does. Used only for responses sent before a route was
 * reached (authentication, rate limit), so the regular path pays nothing for it.
 */
export function routeResolver(routes: readonly { method: string; path: string }[]): RouteResolver {
  const table = routes.map((route) => ({
    method: route.method.toUpperCase(),
    pattern: new RegExp(
      `^${route.path
        .split(/\{\w+\}/)
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
        .join("[^/]+")}/?$`,
    ),
    template: route.path.replace(/\{(\w+)\}/g, ":$1"),
  }));
  return (method, path) =>
    table.find((route) => route.method === method && route.pattern.test(path))?.template;
}

/** The template of the route that handled `req`; "unmatched" for none (404, static files). */
function routeOf(req: Request, res: Response, resolve: RouteResolver | undefined): string {
  const set = res.locals.route as string | undefined;
  if (set !== undefined) return set;
  const path = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof path === "string") return req.baseUrl + path;
  if (resolve) {
    const url = req.originalUrl;
    const query = url.indexOf("?");
    const found = resolve(req.method, query === -1 ? url : url.slice(0, query));
    if (found !== undefined) return found;
  }
  return "unmatched";
}

/**
 * Every request runs in a server span continuing the caller's `traceparent`, named by method and
 * route template (`GET /api/v1/sites/:siteId/units`: no ids in span names), answers with its
 * trace id in `X-Trace-Id`, and ends with one access-log line and one
 * `http_server_request_duration_seconds` sample.
 */
export function observe(logger: Logger, resolveRoute?: RouteResolver) {
  const duration = httpServerDuration();
  const labels = new LabelCache();
  return (req: Request, res: Response, next: NextFunction) => {
    const started = performance.now();
    const method = req.method;
    void withSpan(
      method,
      {
        kind: SpanKind.SERVER,
        parent: contextWithService(
          SERVICE,
          contextFromTraceparent(req.header("traceparent") ?? null),
        ),
        attributes: { "http.request.method": method, "url.path": req.path },
      },
      (span) =>
        new Promise<void>((resolve) => {
          const traceId = span.spanContext().traceId;
          res.setHeader("X-Trace-Id", traceId);
          res.once("close", () => {
            const seconds = (performance.now() - started) / 1000;
            const route = routeOf(req, res, resolveRoute);
            const status = res.statusCode;
            if (span.isRecording()) {
              span.updateName(`${method} ${route}`);
              span.setAttribute("http.response.status_code", status);
              span.setAttribute("http.route", route);
            }
            duration.record(
              seconds,
              labels.get(`${method} ${status} ${route}`, () => ({
                service: SERVICE,
                "http.request.method": method,
                "http.route": route,
                "http.response.status_code": status,
              })),
            );
            logger.info(
              {
                method,
                path: req.originalUrl,
                route,
                status,
                ms: Math.round(seconds * 10_000) / 10,
              },
              "request",
            );
            resolve();
          });
          next();
        }),
    );
  };
}
