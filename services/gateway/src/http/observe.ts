import { metrics, SpanKind, trace } from "@opentelemetry/api";
import type { Logger } from "@slms/logging";
import { contextFromTraceparent, withSpan } from "@slms/telemetry";
import type { NextFunction, Request, Response } from "express";

/**
 * Every request runs in a server span continuing the caller's `traceparent`, answers with its
 * trace id in `X-Trace-Id`, and ends with one access-log line and one duration sample.
 */
export function observe(logger: Logger) {
  const duration = metrics
    .getMeter("@slms/gateway")
    .createHistogram("http.server.request.duration", {
      unit: "s",
      description: "HTTP request duration",
    });
  return (req: Request, res: Response, next: NextFunction) => {
    const started = performance.now();
    void withSpan(
      `${req.method} ${req.path}`,
      {
        kind: SpanKind.SERVER,
        parent: contextFromTraceparent(req.header("traceparent") ?? null),
        attributes: { "http.request.method": req.method, "url.path": req.path },
      },
      () =>
        new Promise<void>((resolve) => {
          const traceId = trace.getActiveSpan()?.spanContext().traceId;
          if (traceId) res.setHeader("X-Trace-Id", traceId);
          res.once("close", () => {
            const seconds = (performance.now() - started) / 1000;
            const routePath = (req.route as { path?: string } | undefined)?.path ?? "unmatched";
            const span = trace.getActiveSpan();
            span?.setAttribute("http.response.status_code", res.statusCode);
            span?.setAttribute("http.route", routePath);
            duration.record(seconds, {
              "http.request.method": req.method,
              "http.route": routePath,
              "http.response.status_code": res.statusCode,
            });
            logger.info(
              {
                method: req.method,
                path: req.originalUrl,
                status: res.statusCode,
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
