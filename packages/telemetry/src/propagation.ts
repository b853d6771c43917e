import type { Metadata } from "@grpc/grpc-js";
import type { Context, TextMapGetter, TextMapSetter } from "@opentelemetry/api";
import { context, ROOT_CONTEXT } from "@opentelemetry/api";
import {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from "@opentelemetry/core";

/**
 * The propagators every hop uses: W3C `traceparent`/`tracestate` and W3C `baggage`.
 * The helpers below use this instance directly rather than the global propagator, so ids cross
 * hops the same way whether or not `startTelemetry` ran in this process (unit tests, scripts).
 * `startTelemetry` registers an equivalent propagator globally for code that uses
 * `propagation.inject/extract` from `@opentelemetry/api`.
 */
export function createPropagator(): CompositePropagator {
  return new CompositePropagator({
    propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
  });
}

const propagator = createPropagator();
const traceContextPropagator = new W3CTraceContextPropagator();

function headerText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (Buffer.isBuffer(value)) return value.toString("utf8");
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// gRPC metadata (@grpc/grpc-js); keys are lower-case, values are strings.

const metadataSetter: TextMapSetter<Metadata> = {
  set(metadata, key, value) {
    metadata.set(key.toLowerCase(), value);
  },
};

const metadataGetter: TextMapGetter<Metadata> = {
  get(metadata, key) {
    const values = metadata.get(key.toLowerCase());
    const texts = values.map(headerText).filter((v): v is string => v !== undefined);
    if (texts.length === 0) return undefined;
    return texts.length === 1 ? texts[0] : texts;
  },
  keys(metadata) {
    return Object.keys(metadata.getMap());
  },
};

/** Writes `traceparent`/`tracestate`/`baggage` of `ctx` (default: the active context) into gRPC metadata. */
export function injectGrpcMetadata(metadata: Metadata, ctx: Context = context.active()): Metadata {
  propagator.inject(ctx, metadata, metadataSetter);
  return metadata;
}

/**
 * The context carried by incoming gRPC metadata, to pass as `parent` to `withSpan`.
 * Extracted on top of the root context: a call without `traceparent` starts a new trace.
 */
export function contextFromGrpcMetadata(metadata: Metadata): Context {
  return propagator.extract(ROOT_CONTEXT, metadata, metadataGetter);
}

// ---------------------------------------------------------------------------------------------
// AMQP message headers (amqplib `properties.headers`).

const headersSetter: TextMapSetter<Record<string, unknown>> = {
  set(headers, key, value) {
    headers[key] = value;
  },
};

const headersGetter: TextMapGetter<Record<string, unknown>> = {
  get(headers, key) {
    const direct = headerText(headers[key]);
    if (direct !== undefined) return direct;
    const lower = key.toLowerCase();
    for (const [name, value] of Object.entries(headers)) {
      if (name.toLowerCase() === lower) return headerText(value);
    }
    return undefined;
  },
  keys(headers) {
    return Object.keys(headers);
  },
};

/** Writes `traceparent`/`tracestate`/`baggage` of `ctx` (default: the active context) into AMQP headers. */
export function injectAmqpHeaders(
  headers: Record<string, unknown>,
  ctx: Context = context.active(),
): Record<string, unknown> {
  propagator.inject(ctx, headers, headersSetter);
  return headers;
}

/**
 * The context carried by a consumed message's headers (`message.properties.headers`), to pass as
 * `parent` to `withSpan`. Missing headers give the root context (a new trace).
 */
export function contextFromAmqpHeaders(
  headers: Record<string, unknown> | undefined | null,
): Context {
  return propagator.extract(ROOT_CONTEXT, headers ?? {}, headersGetter);
}

// ---------------------------------------------------------------------------------------------
// Bare traceparent strings (the `traceparent` field of event envelopes).

/**
 * The W3C `traceparent` of `ctx` (default: the active context), e.g.
 * `00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01`; `null` when no valid span is active.
 */
export function currentTraceparent(ctx: Context = context.active()): string | null {
  const carrier: Record<string, unknown> = {};
  traceContextPropagator.inject(ctx, carrier, headersSetter);
  const value = carrier.traceparent;
  return typeof value === "string" ? value : null;
}

/**
 * The context a `traceparent` string points at, to pass as `parent` to `withSpan`.
 * `null`, `undefined`, empty or malformed values give the root context (a new trace).
 */
export function contextFromTraceparent(
  traceparent: string | null | undefined,
  tracestate?: string | null,
): Context {
  if (!traceparent) return ROOT_CONTEXT;
  const carrier: Record<string, unknown> = { traceparent };
  if (tracestate) carrier.tracestate = tracestate;
  return traceContextPropagator.extract(ROOT_CONTEXT, carrier, headersGetter);
}
