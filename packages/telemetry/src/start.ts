import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Meter, Tracer } from "@opentelemetry/api";
import { context, metrics, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { loggingErrorHandler, setGlobalErrorHandler } from "@opentelemetry/core";
import { PrometheusExporter } from "@opentelemetry/exporter-prometheus";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { defaultResource, resourceFromAttributes } from "@opentelemetry/resources";
import { MeterProvider } from "@opentelemetry/sdk-metrics";
import type { SpanExporter, SpanProcessor } from "@opentelemetry/sdk-trace";
import { BatchSpanProcessor, SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from "@opentelemetry/semantic-conventions";
import { FanOutSpanProcessor } from "./fan-out-processor.ts";
import { activateInstruments, deactivateInstruments } from "./metrics.ts";
import { createPropagator } from "./propagation.ts";
import { RecordWhenExportedSampler } from "./sampler.ts";
import { setProcessService } from "./service.ts";
import { TRACER_NAME } from "./with-span.ts";

export interface TelemetryOptions {
  /** `service.name` of the process resource, and the name of the returned tracer and meter. */
  serviceName: string;
  serviceVersion?: string;
  /**
   * OTLP/HTTP base URL (e.g. `http://otel-collector:4318`); spans go to `<base>/v1/traces`
   * through a batch processor. Falls back to `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (used as is)
   * and then `OTEL_EXPORTER_OTLP_ENDPOINT` (base). No endpoint: no OTLP export.
   */
  otlpEndpoint?: string;
  /** Extra exporter behind a simple (synchronous) processor, e.g. `InMemorySpanExporter` in tests. */
  spanExporter?: SpanExporter;
  /** Serve Prometheus metrics on this port at `/metrics` (0 picks a free port). */
  metricsPort?: number;
  /** Interface for `metricsPort`; default all interfaces. */
  metricsHost?: string;
  /**
   * Receives failures of the telemetry pipeline (a batch that could not be exported, a flush
   * failing in `close()`); telemetry never throws them at the service. Pass e.g.
   * `(err) => logger.warn({ err }, "telemetry export failed")`. While no open handle has one,
   * failures are reported with `process.emitWarning`.
   */
  onError?: (error: unknown) => void;
}

export interface Telemetry {
  /** Tracer named after `serviceName`, from the process-wide tracer provider. */
  tracer: Tracer;
  /** Meter named after `serviceName`, from the process-wide meter provider. */
  meter: Meter;
  /** Serves every metric of the process in Prometheus text format; mount it at `/metrics`. */
  metricsHandler: (req: IncomingMessage, res: ServerResponse) => void;
  /**
   * With `metricsPort`: resolves with the bound port once listening, rejects if the port cannot
   * be bound (await it to fail fast). `null` without `metricsPort`.
   */
  metricsServer: Promise<{ port: number }> | null;
  /**
   * Releases this handle: flushes and shuts down its own exporters and metrics server. The last
   * open handle also flushes and shuts down the process-wide providers and unregisters the
   * globals, so a later `startTelemetry` starts afresh. Idempotent; never rejects (export
   * failures go to `onError`).
   */
  close: () => Promise<void>;
}

/** Process-wide OpenTelemetry state, shared by every open `Telemetry` handle. */
interface Shared {
  handles: number;
  /** `service.name` of the process resource (`slms` in embedded mode). */
  serviceName: string;
  serviceVersion: string | undefined;
  tracerProvider: TracerProvider;
  /**
   * Tracers of the other services run by this process (embedded mode), each from a provider
   * whose resource names that service; they share the span processors and the sampler.
   */
  serviceTracers: Map<string, { provider: TracerProvider; tracer: Tracer }>;
  sampler: RecordWhenExportedSampler;
  fanOut: FanOutSpanProcessor;
  meterProvider: MeterProvider;
  prometheus: PrometheusExporter;
  /** One batch processor per OTLP URL, however many handles ask for it. */
  otlp: Map<string, { processor: SpanProcessor; handles: number }>;
  /** `onError` of the open handles. */
  errorHandlers: Set<(error: unknown) => void>;
}

let shared: Shared | undefined;

function otlpTracesUrl(endpoint: string | undefined): string | undefined {
  const base = endpoint ?? process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (endpoint === undefined) {
    const signal = process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
    if (signal) return signal;
  }
  if (!base) return undefined;
  return `${base.replace(/\/+$/, "")}/v1/traces`;
}

function resourceOf(serviceName: string, serviceVersion: string | undefined) {
  return defaultResource().merge(
    resourceFromAttributes({
      [ATTR_SERVICE_NAME]: serviceName,
      ...(serviceVersion ? { [ATTR_SERVICE_VERSION]: serviceVersion } : {}),
    }),
  );
}

function createShared(options: TelemetryOptions): Shared {
  const resource = resourceOf(options.serviceName, options.serviceVersion);
  const fanOut = new FanOutSpanProcessor();
  const sampler = new RecordWhenExportedSampler(fanOut);
  const tracerProvider = new TracerProvider({
    resource,
    spanProcessors: [fanOut],
    sampler,
  });
  // Every series carries its own `service` label (embedded mode runs several services in one
  // process); the scope label would only split series the same name already tells apart.
  const prometheus = new PrometheusExporter({ preventServerStart: true, withoutScopeInfo: true });
  const meterProvider = new MeterProvider({ resource, readers: [prometheus] });

  // The 3.x TracerProvider has no register(): install the context manager, propagator and
  // providers ourselves. If anything else registered a global first, undo ours and refuse.
  const contextManager = new AsyncLocalStorageContextManager().enable();
  const registered: Array<() => void> = [];
  const register = (ok: boolean, undo: () => void, what: string) => {
    if (ok) {
      registered.push(undo);
      return;
    }
    for (const u of registered) u();
    contextManager.disable();
    throw new Error(
      `startTelemetry: a global OpenTelemetry ${what} is already registered by other code; ` +
        "@slms/telemetry must be the only one to register globals in this process",
    );
  };
  register(
    context.setGlobalContextManager(contextManager),
    () => context.disable(),
    "context manager",
  );
  register(
    propagation.setGlobalPropagator(createPropagator()),
    () => propagation.disable(),
    "propagator",
  );
  register(trace.setGlobalTracerProvider(tracerProvider), () => trace.disable(), "tracer provider");
  register(
    metrics.setGlobalMeterProvider(meterProvider),
    () => metrics.disable(),
    "meter provider",
  );

  setProcessService(options.serviceName);
  activateInstruments();

  const errorHandlers = new Set<(error: unknown) => void>();
  // Failures of background exports reach the SDK's global error handler.
  setGlobalErrorHandler((error) => reportError(errorHandlers, error));

  return {
    handles: 0,
    serviceName: options.serviceName,
    serviceVersion: options.serviceVersion,
    tracerProvider,
    serviceTracers: new Map(),
    sampler,
    fanOut,
    meterProvider,
    prometheus,
    otlp: new Map(),
    errorHandlers,
  };
}

function reportError(handlers: Set<(error: unknown) => void>, error: unknown): void {
  if (handlers.size === 0) {
    const message = error instanceof Error ? error.message : String(error);
    process.emitWarning(`telemetry pipeline failure: ${message}`, { code: "SLMS_TELEMETRY" });
    return;
  }
  for (const handler of handlers) {
    try {
      handler(error);
    } catch {
      // an error handler must not break telemetry
    }
  }
}

/** Runs a shutdown step; a failure is reported, never thrown, so the rest still shuts down. */
async function settle(handlers: Set<(error: unknown) => void>, step: () => Promise<void>) {
  try {
    await step();
  } catch (error) {
    reportError(handlers, error);
  }
}

async function shutdownShared(state: Shared, handlers: Set<(error: unknown) => void>) {
  // Unregister first and synchronously, so a startTelemetry during the shutdown starts afresh.
  trace.disable();
  metrics.disable();
  propagation.disable();
  context.disable();
  setGlobalErrorHandler(loggingErrorHandler());
  deactivateInstruments();
  setProcessService(undefined);
  await Promise.all([
    settle(handlers, () => state.tracerProvider.shutdown()),
    ...[...state.serviceTracers.values()].map(({ provider }) =>
      settle(handlers, () => provider.shutdown()),
    ),
    settle(handlers, () => state.meterProvider.shutdown()),
  ]);
}

function startMetricsServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  port: number,
  host: string | undefined,
): { server: Server; listening: Promise<{ port: number }> } {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (req.method === "GET" && path === "/metrics") {
      handler(req, res);
      return;
    }
    res.statusCode = 404;
    res.end();
  });
  const listening = new Promise<{ port: number }>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port, host }, () => {
      server.off("error", reject);
      resolve({ port: (server.address() as AddressInfo).port });
    });
  });
  return { server, listening };
}

async function closeServer(server: Server, listening: Promise<unknown>): Promise<void> {
  const bound = await listening.then(
    () => true,
    () => false,
  );
  if (!bound) return;
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

const defaultTracers = new WeakMap<Shared, Tracer>();

/**
 * The tracer for spans of `service`: the process's own tracer, or (embedded mode) one whose
 * resource names `service`, so a trace backend shows each service of the process apart. A no-op
 * tracer before `startTelemetry`.
 */
export function tracerFor(service: string): Tracer {
  const state = shared;
  if (!state) return trace.getTracer(TRACER_NAME);
  if (service === state.serviceName || service === "unknown") {
    let tracer = defaultTracers.get(state);
    if (!tracer) {
      tracer = state.tracerProvider.getTracer(TRACER_NAME);
      defaultTracers.set(state, tracer);
    }
    return tracer;
  }
  let entry = state.serviceTracers.get(service);
  if (!entry) {
    const provider = new TracerProvider({
      resource: resourceOf(service, state.serviceVersion),
      spanProcessors: [state.fanOut],
      sampler: state.sampler,
    });
    entry = { provider, tracer: provider.getTracer(TRACER_NAME) };
    state.serviceTracers.set(service, entry);
  }
  return entry.tracer;
}

/**
 * Starts OpenTelemetry tracing and metrics for this process and returns a handle.
 *
 * One set of providers per process: the first call creates and registers globally a
 * `TracerProvider` (resource `service.name` = that call's `serviceName`), the
 * AsyncLocalStorage context manager, the W3C TraceContext + Baggage propagators and a
 * `MeterProvider` read by a Prometheus exporter. Later calls (embedded mode runs several
 * services in one process; tests) reuse them: each call adds its own exporters, gets a tracer
 * and meter named after its `serviceName`, and holds a reference released by `close()`.
 * The last `close()` shuts everything down and unregisters the globals.
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  const state = shared ?? createShared(options);
  shared = state;
  state.handles += 1;
  const onError = options.onError;
  if (onError) state.errorHandlers.add(onError);

  const ownProcessors: SpanProcessor[] = [];
  if (options.spanExporter) {
    const processor = new SimpleSpanProcessor({ exporter: options.spanExporter });
    state.fanOut.add(processor);
    ownProcessors.push(processor);
  }

  const otlpUrl = otlpTracesUrl(options.otlpEndpoint);
  if (otlpUrl) {
    let entry = state.otlp.get(otlpUrl);
    if (!entry) {
      const processor = new BatchSpanProcessor({
        exporter: new OTLPTraceExporter({ url: otlpUrl }),
      });
      entry = { processor, handles: 0 };
      state.otlp.set(otlpUrl, entry);
      state.fanOut.add(processor);
    }
    entry.handles += 1;
  }

  const prometheus = state.prometheus;
  const metricsHandler = (req: IncomingMessage, res: ServerResponse): void => {
    prometheus.getMetricsRequestHandler(req, res);
  };

  const metricsEndpoint =
    options.metricsPort === undefined
      ? null
      : startMetricsServer(metricsHandler, options.metricsPort, options.metricsHost);

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      if (metricsEndpoint) await closeServer(metricsEndpoint.server, metricsEndpoint.listening);

      const released: SpanProcessor[] = [...ownProcessors];
      if (otlpUrl) {
        const entry = state.otlp.get(otlpUrl);
        if (entry) {
          entry.handles -= 1;
          if (entry.handles === 0) {
            state.otlp.delete(otlpUrl);
            released.push(entry.processor);
          }
        }
      }

      // Failures while closing this handle still reach its own onError.
      const handlers = new Set(state.errorHandlers);
      if (onError) state.errorHandlers.delete(onError);
      state.handles -= 1;
      if (state.handles === 0) {
        if (shared === state) shared = undefined;
        // Flushes and shuts down every processor, released or not.
        await shutdownShared(state, handlers);
        return;
      }
      for (const processor of released) state.fanOut.remove(processor);
      await Promise.all(released.map((processor) => settle(handlers, () => processor.shutdown())));
    })();
    return closing;
  };

  return {
    tracer: state.tracerProvider.getTracer(options.serviceName),
    meter: state.meterProvider.getMeter(options.serviceName),
    metricsHandler,
    metricsServer: metricsEndpoint?.listening ?? null,
    close,
  };
}
