// Where an import's time goes, by service: with TRACE=1 the benchmark records the spans the
// platform already makes — every gRPC call a service serves and every event a consumer handles —
// and sums them by method. Spans overlap (a call waits for the calls it makes; consumers run
// beside the commit), so the sums say where time is spent, not a partition of the wall time.
// Recording costs some speed: the figures of a traced run are not the benchmark's.
import { InMemorySpanExporter, SpanKind, startTelemetry } from "@slms/telemetry";

export interface Tracing {
  /** Calls and time by gRPC method served and by event consumer, slowest total first. */
  summary(): { what: string; calls: number; "total s": string; "mean ms": string }[];
  close(): Promise<void>;
}

export function startTracing(): Tracing {
  const exporter = new InMemorySpanExporter();
  const telemetry = startTelemetry({ serviceName: "bench-import", spanExporter: exporter });
  return {
    summary() {
      const sums = new Map<string, { calls: number; ms: number }>();
      for (const span of exporter.getFinishedSpans()) {
        const queue = span.attributes["messaging.destination.name"];
        const what =
          span.kind === SpanKind.SERVER
            ? span.name
            : span.kind === SpanKind.CONSUMER && queue
              ? `event handling: ${queue}`
              : null;
        if (!what) continue;
        const ms = span.duration[0] * 1000 + span.duration[1] / 1e6;
        const sum = sums.get(what) ?? { calls: 0, ms: 0 };
        sum.calls += 1;
        sum.ms += ms;
        sums.set(what, sum);
      }
      return [...sums]
        .sort((a, b) => b[1].ms - a[1].ms)
        .slice(0, 20)
        .map(([what, { calls, ms }]) => ({
          what,
          calls,
          "total s": (ms / 1000).toFixed(1),
          "mean ms": (ms / calls).toFixed(1),
        }));
    },
    close: () => telemetry.close(),
  };
}
