import type { Attributes, Context, Link, SpanKind } from "@opentelemetry/api";
import {
  AlwaysOnSampler,
  ParentBasedSampler,
  type Sampler,
  SamplingDecision,
  type SamplingResult,
} from "@opentelemetry/sdk-trace";

/**
 * Records spans only while something exports them. With an exporter (OTLP, or a test's in-memory
 * one) this is the SDK's default, parent-based always-on sampling. Without one, a span would be
 * built, timed and dropped: every request and every published event paid for that (bench/gateway,
 * bench/billing-run). Then spans are not recorded, but each still gets its own span id in the
 * trace it belongs to, so logs carry trace and span ids and `traceparent` still travels over
 * gRPC and RabbitMQ (flagged not sampled).
 */
export class RecordWhenExportedSampler implements Sampler {
  readonly #exporting: { hasTargets(): boolean };
  readonly #whenExporting = new ParentBasedSampler({ root: new AlwaysOnSampler() });

  constructor(exporting: { hasTargets(): boolean }) {
    this.#exporting = exporting;
  }

  shouldSample(
    context: Context,
    traceId: string,
    spanName: string,
    spanKind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResult {
    if (!this.#exporting.hasTargets()) return { decision: SamplingDecision.NOT_RECORD };
    return this.#whenExporting.shouldSample(
      context,
      traceId,
      spanName,
      spanKind,
      attributes,
      links,
    );
  }

  toString(): string {
    return "RecordWhenExportedSampler";
  }
}
