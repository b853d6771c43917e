import { constants, monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";
import { getHeapStatistics } from "node:v8";
import {
  type Attributes,
  type Counter,
  type Gauge,
  type Histogram,
  type Meter,
  metrics,
  type ObservableGauge,
  type ObservableResult,
} from "@opentelemetry/api";
import { processServiceName } from "./service.ts";

/**
 * The metrics every SLMS process exports, by their Prometheus names (docs/operations.md,
 * "Metrics"; alert rules and dashboards use these names: do not rename). The Prometheus exporter
 * appends no unit suffix, so the instrument names are the scraped names. Every series carries
 * `service`; in embedded mode it tells the services of the one process apart.
 */

/** Request and call durations, in seconds. */
export const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Billing runs take seconds to minutes. */
export const RUN_BUCKETS = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];
/** Garbage-collection pauses, in seconds. */
export const GC_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

const METER = "@slms/telemetry";

interface InstrumentState {
  meter: Meter;
  cache: Map<string, unknown>;
  stopRuntime: () => void;
}
let state: InstrumentState | undefined;

/** Called by `startTelemetry` once the process's meter provider is registered. */
export function activateInstruments(): void {
  const meter = metrics.getMeter(METER);
  state = { meter, cache: new Map(), stopRuntime: () => undefined };
  state.stopRuntime = startRuntimeMetrics(meter);
}

/** Called when the last telemetry handle closes. */
export function deactivateInstruments(): void {
  state?.stopRuntime();
  state = undefined;
}

/**
 * One instrument per name for the process (however many servers, clients and consumers use it).
 * Before `startTelemetry` the global meter is a no-op one and nothing is cached.
 */
function instrument<T>(name: string, create: (meter: Meter) => T): T {
  if (!state) return create(metrics.getMeter(METER));
  let found = state.cache.get(name) as T | undefined;
  if (found === undefined) {
    found = create(state.meter);
    state.cache.set(name, found);
  }
  return found;
}

function seconds(name: string, description: string, buckets = SECONDS_BUCKETS): Histogram {
  return instrument(name, (meter) =>
    meter.createHistogram(name, {
      description,
      unit: "s",
      advice: { explicitBucketBoundaries: buckets },
    }),
  );
}

function counter(name: string, description: string): Counter {
  return instrument(name, (meter) => meter.createCounter(name, { description }));
}

function gauge(name: string, description: string, unit?: string): Gauge {
  return instrument(name, (meter) =>
    meter.createGauge(name, { description, ...(unit ? { unit } : {}) }),
  );
}

/** Labels: service, http_request_method, http_route (template or "unmatched"), http_response_status_code. */
export const httpServerDuration = () =>
  seconds("http_server_request_duration_seconds", "HTTP request duration by route template");
/** Labels: service, rpc_service, rpc_method, rpc_grpc_status_code. */
export const rpcServerDuration = () =>
  seconds("rpc_server_duration_seconds", "gRPC server call duration");
/** Labels: service (the caller), rpc_service, rpc_method, rpc_grpc_status_code. */
export const rpcClientDuration = () =>
  seconds("rpc_client_duration_seconds", "gRPC client call duration, as the caller sees it");
/** Labels: service, queue, outcome (acked | retried | dead_lettered). */
export const consumerMessages = () =>
  counter("slms_consumer_messages_total", "Events handled by consumers, by outcome");
/** Labels: service, queue. */
export const consumerDuration = () =>
  seconds("slms_consumer_duration_seconds", "Time a consumer took to handle one event");
/** Labels: service, outcome (completed | failed). */
export const billingRunDuration = () =>
  seconds("slms_billing_run_duration_seconds", "Billing run duration", RUN_BUCKETS);
/** Labels: service. */
export const billingBillsIssued = () =>
  counter("slms_billing_bills_issued_total", "Bills issued by billing runs");
/** Labels: service. Unix seconds of the last billing run or daily billing job that completed. */
export const billingLastRunCompleted = () =>
  gauge(
    "slms_billing_last_run_completed_timestamp_seconds",
    "Unix time of the last completed billing run or billing job tick",
    "s",
  );

/**
 * Registers a gauge read on collection (a Prometheus scrape). Returns the function that
 * unregisters it. The callback may be asynchronous; keep it cheap or cache (see `cachedReading`).
 */
export function observeGauge(
  name: string,
  description: string,
  callback: (result: ObservableResult) => void | Promise<void>,
): () => void {
  const observable = instrument(
    name,
    (meter): ObservableGauge => meter.createObservableGauge(name, { description }),
  );
  observable.addCallback(callback);
  return () => observable.removeCallback(callback);
}

/** Consumer backlog gauges; labels: service, queue. */
export const CONSUMER_LAG = "slms_consumer_lag_messages";
export const DLQ_DEPTH = "slms_dlq_messages";
/** Outbox gauges; label: service. */
export const OUTBOX_BACKLOG = "slms_outbox_backlog_messages";
export const OUTBOX_AGE = "slms_outbox_backlog_age_seconds";
/** The finance edge's TLS certificate: unix seconds when it expires; label: service. */
export const EDGE_CERTIFICATE_EXPIRY = "slms_finance_edge_certificate_expiry_timestamp_seconds";

/**
 * A reading refreshed at most every `maxAgeMs` and only when asked for (on scrape): the last
 * value otherwise, so a scrape every few seconds costs one broker or database round trip per
 * interval. A failed refresh keeps the previous value (undefined before the first success).
 */
export function cachedReading<T>(
  read: () => Promise<T>,
  maxAgeMs = 15_000,
): () => Promise<T | undefined> {
  let value: T | undefined;
  let at = Number.NEGATIVE_INFINITY;
  let pending: Promise<T | undefined> | undefined;
  return () => {
    if (performance.now() - at < maxAgeMs) return Promise.resolve(value);
    pending ??= read().then(
      (fresh) => {
        value = fresh;
        at = performance.now();
        pending = undefined;
        return value;
      },
      () => {
        at = performance.now();
        pending = undefined;
        return value;
      },
    );
    return pending;
  };
}

/**
 * Label sets built once and reused: recording a sample allocates no attribute object on the hot
 * path. `key` must determine `build()`'s result.
 */
export class LabelCache {
  readonly #sets = new Map<string, Attributes>();

  get(key: string, build: () => Attributes): Attributes {
    let found = this.#sets.get(key);
    if (found === undefined) {
      found = build();
      // Bounded: keys are route templates, methods and status codes; a cap stops a bug from
      // turning into unbounded memory.
      if (this.#sets.size < 10_000) this.#sets.set(key, found);
    }
    return found;
  }
}

const GC_KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MAJOR]: "major",
  [constants.NODE_PERFORMANCE_GC_MINOR]: "minor",
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: "incremental",
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: "weakcb",
};

/**
 * Node runtime metrics of the process (label `service` = the process's service, `slms` in
 * embedded mode): event-loop delay p99 since the previous scrape, V8 heap in use, resident
 * memory, and garbage-collection pauses by kind. Read on scrape, except GC pauses, which a
 * PerformanceObserver records as they happen. Written here rather than with
 * `@opentelemetry/instrumentation-runtime-node`: that package's names (`nodejs.eventloop.delay.p99`,
 * `v8js.memory.heap.used`, …) are not the scraped names alert rules and dashboards use, and these
 * four readings are a few lines of `node:perf_hooks` and `node:v8`.
 */
function startRuntimeMetrics(meter: Meter): () => void {
  const service = { service: processServiceName() };
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const delay = meter.createObservableGauge("nodejs_eventloop_delay_p99_seconds", {
    description: "Event-loop delay, 99th percentile since the previous scrape",
    unit: "s",
  });
  const onDelay = (result: ObservableResult) => {
    if (loop.count > 0) result.observe(loop.percentile(99) / 1e9, service);
    else result.observe(0, service);
    loop.reset();
  };
  delay.addCallback(onDelay);
  const heap = meter.createObservableGauge("nodejs_heap_used_bytes", {
    description: "V8 heap in use",
    unit: "By",
  });
  const onHeap = (result: ObservableResult) =>
    result.observe(getHeapStatistics().used_heap_size, service);
  heap.addCallback(onHeap);
  const rss = meter.createObservableGauge("process_resident_memory_bytes", {
    description: "Resident set size of the process",
    unit: "By",
  });
  const onRss = (result: ObservableResult) => result.observe(process.memoryUsage.rss(), service);
  rss.addCallback(onRss);

  const gc = meter.createHistogram("nodejs_gc_duration_seconds", {
    description: "Garbage-collection pause duration by kind",
    unit: "s",
    advice: { explicitBucketBoundaries: GC_BUCKETS },
  });
  const byKind = new LabelCache();
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind =
        GC_KINDS[(entry as { detail?: { kind?: number } }).detail?.kind ?? -1] ?? "other";
      gc.record(
        entry.duration / 1000,
        byKind.get(kind, () => ({ ...service, kind })),
      );
    }
  });
  observer.observe({ entryTypes: ["gc"] });

  return () => {
    observer.disconnect();
    loop.disable();
    delay.removeCallback(onDelay);
    heap.removeCallback(onHeap);
    rss.removeCallback(onRss);
  };
}
