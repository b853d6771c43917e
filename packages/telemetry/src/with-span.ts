import type { Attributes, Context, Link, Span, SpanKind, Tracer } from "@opentelemetry/api";
import { context, SpanStatusCode } from "@opentelemetry/api";
import { currentService } from "./service.ts";
import { tracerFor } from "./start.ts";

/** Instrumentation scope of spans started by `withSpan` without an explicit tracer. */
export const TRACER_NAME = "@slms/telemetry";

export interface WithSpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  links?: Link[];
  /** Parent context (e.g. from `contextFromGrpcMetadata`); defaults to the active context. */
  parent?: Context;
  /**
   * Tracer to use; defaults to the tracer (named `@slms/telemetry`) of the service the parent
   * context works for (see `runAsService`).
   */
  tracer?: Tracer;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

function recordFailure(span: Span, error: unknown): void {
  if (error instanceof Error) {
    span.recordException(error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
  } else {
    span.recordException(String(error));
    span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
  }
}

/**
 * Runs `fn` inside a new span that is active for everything `fn` does (also across awaits).
 * A thrown error or rejected promise is recorded on the span (exception event + ERROR status)
 * and rethrown; the span always ends. Returns what `fn` returns: a value for a synchronous `fn`,
 * a promise settling with the same outcome for an asynchronous one.
 */
export function withSpan<T>(name: string, fn: (span: Span) => T): T;
export function withSpan<T>(name: string, options: WithSpanOptions, fn: (span: Span) => T): T;
export function withSpan<T>(
  name: string,
  optionsOrFn: WithSpanOptions | ((span: Span) => T),
  maybeFn?: (span: Span) => T,
): T {
  const options = typeof optionsOrFn === "function" ? {} : optionsOrFn;
  const fn = typeof optionsOrFn === "function" ? optionsOrFn : maybeFn;
  if (fn === undefined) throw new TypeError("withSpan: missing function");

  const parent = options.parent ?? context.active();
  const tracer = options.tracer ?? tracerFor(currentService(parent));
  const spanOptions = { kind: options.kind, attributes: options.attributes, links: options.links };

  return tracer.startActiveSpan(name, spanOptions, parent, (span: Span): T => {
    let result: T;
    try {
      result = fn(span);
    } catch (error) {
      recordFailure(span, error);
      span.end();
      throw error;
    }
    if (!isPromiseLike(result)) {
      span.end();
      return result;
    }
    return Promise.resolve(result).then(
      (value) => {
        span.end();
        return value;
      },
      (error: unknown) => {
        recordFailure(span, error);
        span.end();
        throw error;
      },
    ) as T;
  });
}
