import type { Context } from "@opentelemetry/api";
import type { ReadableSpan, Span, SpanProcessor } from "@opentelemetry/sdk-trace";

/**
 * A span processor whose targets can change while the tracer provider lives: each
 * `startTelemetry` call adds its own processors and removes them again on `close()`.
 * (The 3.x `TracerProvider` takes its processors only in the constructor.)
 */
export class FanOutSpanProcessor implements SpanProcessor {
  #targets: SpanProcessor[] = [];

  add(processor: SpanProcessor): void {
    this.#targets = [...this.#targets, processor];
  }

  /** Stops forwarding to `processor`; the caller flushes and shuts it down. */
  remove(processor: SpanProcessor): void {
    this.#targets = this.#targets.filter((p) => p !== processor);
  }

  /** Whether any processor receives spans now (an exporter is configured). */
  hasTargets(): boolean {
    return this.#targets.length > 0;
  }

  onStart(span: Span, parentContext: Context): void {
    for (const target of this.#targets) target.onStart(span, parentContext);
  }

  onEnding(span: Span): void {
    for (const target of this.#targets) target.onEnding?.(span);
  }

  onEnd(span: ReadableSpan): void {
    for (const target of this.#targets) target.onEnd(span);
  }

  async forceFlush(): Promise<void> {
    await Promise.all(this.#targets.map((target) => target.forceFlush()));
  }

  async shutdown(): Promise<void> {
    const targets = this.#targets;
    this.#targets = [];
    await Promise.all(targets.map((target) => target.shutdown()));
  }
}
