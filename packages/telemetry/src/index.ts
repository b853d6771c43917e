export type { Context, Meter, Span, Tracer } from "@opentelemetry/api";
export { SpanKind, SpanStatusCode } from "@opentelemetry/api";
export type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace";
export { InMemorySpanExporter } from "@opentelemetry/sdk-trace";
export {
  contextFromAmqpHeaders,
  contextFromGrpcMetadata,
  contextFromTraceparent,
  currentTraceparent,
  injectAmqpHeaders,
  injectGrpcMetadata,
} from "./propagation.ts";
export type { Telemetry, TelemetryOptions } from "./start.ts";
export { startTelemetry } from "./start.ts";
export type { WithSpanOptions } from "./with-span.ts";
export { TRACER_NAME, withSpan } from "./with-span.ts";
