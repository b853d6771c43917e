import { type Context, context, createContextKey } from "@opentelemetry/api";

/**
 * Which SLMS service the work in the active context belongs to.
 *
 * A process in infrastructure mode runs one service: its name (the `serviceName` of the first
 * `startTelemetry`) is the answer everywhere. Embedded mode (`npm start`) runs every service in one
 * process whose telemetry is started as `slms`; there each service's start runs inside
 * `runAsService(name, …)`, and so do the entry points that hand work to a service (gRPC server,
 * event consumers): spans take that service's `service.name`, metrics its `service` label.
 */
const SERVICE_KEY = createContextKey("slms.service");

let processService = "unknown";

/** Set by `startTelemetry` (first call of the process), reset when the last handle closes. */
export function setProcessService(name: string | undefined): void {
  processService = name ?? "unknown";
}

/** The process's own service name (`slms` in embedded mode). */
export function processServiceName(): string {
  return processService;
}

/** The service the given (default: active) context works for. */
export function currentService(ctx: Context = context.active()): string {
  return (ctx.getValue(SERVICE_KEY) as string | undefined) ?? processService;
}

/**
 * `ctx` marked as working for `service`; `ctx` itself when it already is (no allocation on the
 * hot path of a process that runs one service).
 */
export function contextWithService(service: string, ctx: Context = context.active()): Context {
  if (currentService(ctx) === service) return ctx;
  return ctx.setValue(SERVICE_KEY, service);
}

/** Runs `fn` (and everything it starts: timers, promises, servers) as work of `service`. */
export function runAsService<T>(service: string, fn: () => T): T {
  return context.with(contextWithService(service), fn);
}
