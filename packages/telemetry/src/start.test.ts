import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { context, propagation, trace } from "@opentelemetry/api";
import { InMemorySpanExporter, TracerProvider } from "@opentelemetry/sdk-trace";
import { describe, expect, it, onTestFinished } from "vitest";
import { startTelemetry } from "./start.ts";
import { withSpan } from "./with-span.ts";

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("metrics", () => {
  it("metricsHandler serves a counter in Prometheus text format", async () => {
    const telemetry = startTelemetry({ serviceName: "metrics-test" });
    onTestFinished(() => telemetry.close());

    const counter = telemetry.meter.createCounter("slms_test_orders", { description: "orders" });
    counter.add(2, { kind: "lease" });
    counter.add(1, { kind: "lease" });
    counter.add(5, { kind: "fee" });

    const base = await listen(createServer(telemetry.metricsHandler));
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    const body = await response.text();
    expect(body).toContain("# HELP slms_test_orders_total orders");
    expect(body).toContain("# TYPE slms_test_orders_total counter");
    expect(body).toMatch(/^slms_test_orders_total\{[^}]*kind="lease"[^}]*\} 3$/m);
    expect(body).toMatch(/^slms_test_orders_total\{[^}]*kind="fee"[^}]*\} 5$/m);
    expect(body).toMatch(/^target_info\{[^}]*service_name="metrics-test"/m);
  });

  it("serves /metrics on its own port when metricsPort is set", async () => {
    const telemetry = startTelemetry({
      serviceName: "metrics-port-test",
      metricsPort: 0,
      metricsHost: "127.0.0.1",
    });
    onTestFinished(() => telemetry.close());
    telemetry.meter.createHistogram("slms_test_latency", { unit: "ms" }).record(12);

    const { port } = await telemetry.metricsServer!;
    const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/^slms_test_latency_bucket\{/m);
    const other = await fetch(`http://127.0.0.1:${port}/other`);
    expect(other.status).toBe(404);
    await other.body?.cancel();

    await telemetry.close();
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  });

  it("metricsServer rejects when the port is taken", async () => {
    const busy = createServer();
    const base = await listen(busy);
    const port = Number(new URL(base).port);
    const telemetry = startTelemetry({
      serviceName: "busy",
      metricsPort: port,
      metricsHost: "127.0.0.1",
    });
    onTestFinished(() => telemetry.close());
    await expect(telemetry.metricsServer).rejects.toMatchObject({ code: "EADDRINUSE" });
    const noPort = startTelemetry({ serviceName: "no-port" });
    onTestFinished(() => noPort.close());
    expect(noPort.metricsServer).toBeNull();
  });
});

describe("startTelemetry twice in one process", () => {
  it("shares one provider, gives each handle its own exporter, and the last close tears down", async () => {
    const first = new InMemorySpanExporter();
    const second = new InMemorySpanExporter();
    const a = startTelemetry({ serviceName: "svc-a", spanExporter: first });
    const b = startTelemetry({ serviceName: "svc-b", spanExporter: second });

    withSpan("both", () => undefined);
    withSpan("scoped-b", { tracer: b.tracer }, () => undefined);
    expect(first.getFinishedSpans().map((s) => s.name)).toEqual(["both", "scoped-b"]);
    expect(second.getFinishedSpans().map((s) => s.name)).toEqual(["both", "scoped-b"]);
    const scoped = second.getFinishedSpans()[1]!;
    expect(scoped.instrumentationScope.name).toBe("svc-b");
    // One resource per process: the first caller's service name.
    expect(scoped.resource.attributes["service.name"]).toBe("svc-a");

    await a.close();
    await a.close(); // idempotent
    withSpan("after-a-closed", () => undefined);
    expect(first.getFinishedSpans()).toHaveLength(0); // shut down with its handle
    expect(second.getFinishedSpans().map((s) => s.name)).toContain("after-a-closed");
    expect(propagation.fields()).toEqual(["traceparent", "tracestate", "baggage"]);

    await b.close();
    const stillRecording = withSpan("after-all-closed", (span) => span.isRecording());
    expect(stillRecording).toBe(false);
    expect(propagation.fields()).toEqual([]);
    // No context manager any more: context.with no longer activates anything.
    const key = Symbol("k");
    expect(
      context.with(context.active().setValue(key, 1), () => context.active().getValue(key)),
    ).toBe(undefined);

    // And it starts afresh, with the new caller's service name.
    const third = new InMemorySpanExporter();
    const c = startTelemetry({ serviceName: "svc-c", spanExporter: third });
    onTestFinished(() => c.close());
    const traceId = withSpan("again", (span) => span.spanContext().traceId);
    const again = third.getFinishedSpans()[0]!;
    expect(again.spanContext().traceId).toBe(traceId);
    expect(again.resource.attributes["service.name"]).toBe("svc-c");
    expect(trace.getActiveSpan()).toBeUndefined();
  });

  it("records spans only while something exports them; ids and propagation work either way", async () => {
    const bare = startTelemetry({ serviceName: "no-exporter" });
    onTestFinished(() => bare.close());
    const [outer, inner, carrier] = withSpan("outer", (o) =>
      withSpan("inner", (i) => {
        const headers: Record<string, string> = {};
        propagation.inject(context.active(), headers);
        return [o, i, headers] as const;
      }),
    );
    expect(outer.isRecording()).toBe(false);
    expect(trace.isSpanContextValid(inner.spanContext())).toBe(true);
    expect(inner.spanContext().traceId).toBe(outer.spanContext().traceId);
    expect(inner.spanContext().spanId).not.toBe(outer.spanContext().spanId);
    expect(carrier.traceparent).toBe(
      `00-${inner.spanContext().traceId}-${inner.spanContext().spanId}-00`,
    );

    // An exporter added later (a second handle) turns recording on for the whole process.
    const exporter = new InMemorySpanExporter();
    const exported = startTelemetry({ serviceName: "with-exporter", spanExporter: exporter });
    const recorded = withSpan("recorded", (span) => span.isRecording());
    expect(recorded).toBe(true);
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(["recorded"]);
    await exported.close();
    expect(withSpan("after", (span) => span.isRecording())).toBe(false);
  });

  it("refuses to start when another global tracer provider is registered", () => {
    // Someone else registers a tracer provider directly.
    trace.setGlobalTracerProvider(new TracerProvider());
    onTestFinished(() => trace.disable());
    expect(() => startTelemetry({ serviceName: "late" })).toThrow(/already registered/);
    // Nothing of ours stayed registered.
    expect(propagation.fields()).toEqual([]);
  });
});
