import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { contextFromTraceparent, currentTraceparent } from "./propagation.ts";
import { startTelemetry } from "./start.ts";
import { withSpan } from "./with-span.ts";

const exporter = new InMemorySpanExporter();
const telemetry = startTelemetry({ serviceName: "with-span-test", spanExporter: exporter });

beforeEach(() => exporter.reset());
afterAll(() => telemetry.close());

function only(name: string) {
  const spans = exporter.getFinishedSpans().filter((s) => s.name === name);
  expect(spans).toHaveLength(1);
  return spans[0]!;
}

describe("withSpan", () => {
  it("returns a synchronous result and ends the span", () => {
    const result = withSpan("sync", { attributes: { "slms.k": "v" } }, () => 42);
    expect(result).toBe(42);
    const span = only("sync");
    expect(span.attributes["slms.k"]).toBe("v");
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.kind).toBe(SpanKind.INTERNAL);
  });

  it("accepts the function as second argument", () => {
    expect(withSpan("short", () => "ok")).toBe("ok");
    only("short");
  });

  it("keeps the span active across awaits and ends it after the promise settles", async () => {
    const seen = await withSpan("async", { kind: SpanKind.SERVER }, async (span) => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      expect(exporter.getFinishedSpans()).toHaveLength(0);
      return { active: trace.getActiveSpan(), span, traceparent: currentTraceparent() };
    });
    expect(seen.active).toBe(seen.span);
    const span = only("async");
    expect(span.kind).toBe(SpanKind.SERVER);
    expect(seen.traceparent).toBe(
      `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`,
    );
    expect(trace.getActiveSpan()).toBeUndefined();
  });

  it("records a thrown error, sets ERROR status and rethrows", () => {
    expect(() =>
      withSpan("throws", {}, () => {
        throw new Error("boom");
      }),
    ).toThrow("boom");
    const span = only("throws");
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: "boom" });
    expect(span.events.map((e) => e.name)).toEqual(["exception"]);
    expect(span.events[0]!.attributes).toMatchObject({
      "exception.type": "Error",
      "exception.message": "boom",
    });
  });

  it("records a rejection, sets ERROR status and rejects with the same error", async () => {
    const error = new TypeError("async boom");
    await expect(
      withSpan("rejects", {}, async () => {
        await Promise.resolve();
        throw error;
      }),
    ).rejects.toBe(error);
    const span = only("rejects");
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: "async boom" });
    expect(span.events[0]!.attributes).toMatchObject({ "exception.type": "TypeError" });
  });

  it("nests under the active span, or under an explicit parent", () => {
    const remote = contextFromTraceparent(
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    );
    withSpan("outer", () => {
      withSpan("inner", () => undefined);
      withSpan("adopted", { parent: remote }, () => undefined);
    });
    const outer = only("outer");
    const inner = only("inner");
    const adopted = only("adopted");
    expect(inner.spanContext().traceId).toBe(outer.spanContext().traceId);
    expect(inner.parentSpanContext?.spanId).toBe(outer.spanContext().spanId);
    expect(adopted.spanContext().traceId).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
    expect(adopted.parentSpanContext).toMatchObject({ spanId: "00f067aa0ba902b7", isRemote: true });
  });

  it("uses the service tracer when given one", () => {
    withSpan("scoped", { tracer: telemetry.tracer }, () => undefined);
    expect(only("scoped").instrumentationScope.name).toBe("with-span-test");
  });
});
