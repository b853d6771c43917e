export type { Context, Meter, Span, Tracer } from "@opentelemetry/api";
export { SpanKind, SpanStatusCode } from "@opentelemetry/api";
export type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace";
export { InMemorySpanExporter } from "@opentelemetry/sdk-trace";
export {
  billingBillsIssued,
  billingLastRunCompleted,
  billingRunDuration,
  CONSUMER_LAG,
  cachedReading,
  consumerDuration,
  consumerMessages,
  DLQ_DEPTH,
  EDGE_CERTIFICATE_EXPIRY,
  GC_BUCKETS,
  httpServerDuration,
  LabelCache,
  OUTBOX_AGE,
  OUTBOX_BACKLOG,
  observeGauge,
  RUN_BUCKETS,
  rpcClientDuration,
  rpcServerDuration,
  SECONDS_BUCKETS,
} from "./metrics.ts";
export {
  contextFromAmqpHeaders,
  contextFromGrpcMetadata,
  contextFromTraceparent,
  currentTraceparent,
  injectAmqpHeaders,
  injectGrpcMetadata,
} from "./propagation.ts";
export {
  contextWithService,
  currentService,
  processServiceName,
  runAsService,
} from "./service.ts";
export type { Telemetry, TelemetryOptions } from "./start.ts";
export { startTelemetry, tracerFor } from "./start.ts";
export type { WithSpanOptions } from "./with-span.ts";
export { TRACER_NAME, withSpan } from "./with-span.ts";
