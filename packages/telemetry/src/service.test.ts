import { InMemorySpanExporter } from "@opentelemetry/sdk-trace";
import { describe, expect, it, onTestFinished } from "vitest";
import { currentService, runAsService } from "./service.ts";
import { startTelemetry } from "./start.ts";
import { withSpan } from "./with-span.ts";

describe("service of the work", () => {
  it("gives each service of one process its own service.name (embedded mode)", async () => {
    const spans = new InMemorySpanExporter();
    const telemetry = startTelemetry({ serviceName: "slms", spanExporter: spans });
    onTestFinished(() => telemetry.close());

    expect(currentService()).toBe("slms");
    await withSpan("launcher work", async () => undefined);
    await runAsService("billing", async () => {
      expect(currentService()).toBe("billing");
      // Timers and promises started inside keep the service.
      await new Promise((resolve) => setTimeout(resolve, 1));
      await withSpan("billing work", async () => {
        await runAsService("assets", () => withSpan("assets work", async () => undefined));
      });
    });

    const byName = new Map(
      spans.getFinishedSpans().map((s) => [s.name, s.resource.attributes["service.name"]]),
    );
    expect(byName.get("launcher work")).toBe("slms");
    expect(byName.get("billing work")).toBe("billing");
    expect(byName.get("assets work")).toBe("assets");
    // One trace across services of the process.
    const [billing, assets] = ["billing work", "assets work"].map(
      (name) => spans.getFinishedSpans().find((s) => s.name === name)!,
    );
    expect(assets!.spanContext().traceId).toBe(billing!.spanContext().traceId);
  });

  it("is the process's service outside any, and unknown before telemetry starts", () => {
    expect(currentService()).toBe("unknown");
    const telemetry = startTelemetry({ serviceName: "assets" });
    onTestFinished(() => telemetry.close());
    expect(currentService()).toBe("assets");
  });
});
