import { type Attributes, type Context, SpanKind, SpanStatusCode } from "@opentelemetry/api";
import type { EventEnvelope } from "@slms/contracts";
import type { Logger } from "@slms/logging";
import {
  CONSUMER_LAG,
  consumerDuration,
  consumerMessages,
  contextWithService,
  DLQ_DEPTH,
  observeGauge,
  withSpan,
} from "@slms/telemetry";
import type { Subscription } from "./bus.ts";

/** `reporting.units` → `reporting`: queues are named `<consumer service>.<purpose>`. */
export function serviceOfQueue(queue: string): string {
  const dot = queue.indexOf(".");
  return dot > 0 ? queue.slice(0, dot) : queue;
}

/** A delivery handled in this long or longer is logged at info. */
const SLOW_SECONDS = 1;

export type Outcome = "acked" | "retried" | "dead_lettered";

/**
 * What both buses do around a subscription's handler: a consumer span continuing the producer's
 * trace, owned by the consuming service; one `slms_consumer_duration_seconds` sample and one
 * `slms_consumer_messages_total` increment per delivery; and one log line per delivery written
 * inside the span (so it carries trace_id/span_id) through the subscription's own logger —
 * debug when handled (info when it took a second or more), warn when it will be tried again,
 * error when dead-lettered.
 */
export class ConsumerObserver {
  readonly service: string;
  readonly queue: string;
  readonly #logger: Logger;
  readonly #system: string;
  readonly #subscription: Subscription;
  readonly #labels: Attributes;
  readonly #outcomes: Record<Outcome, Attributes>;

  constructor(subscription: Subscription, busLogger: Logger, system: string) {
    this.#subscription = subscription;
    this.queue = subscription.queue;
    this.service = serviceOfQueue(subscription.queue);
    this.#logger = subscription.logger ?? busLogger;
    this.#system = system;
    this.#labels = { service: this.service, queue: this.queue };
    this.#outcomes = {
      acked: { ...this.#labels, outcome: "acked" },
      retried: { ...this.#labels, outcome: "retried" },
      dead_lettered: { ...this.#labels, outcome: "dead_lettered" },
    };
  }

  /**
   * Runs the handler on one delivery. Resolves with the outcome — `acked` when it succeeded;
   * `retried` or (on the last allowed attempt) `dead_lettered` when it threw — and what it threw.
   */
  async run(
    event: EventEnvelope,
    attempt: number,
    maxDeliveries: number,
    parent: Context,
  ): Promise<{ outcome: Outcome; error?: unknown }> {
    const started = performance.now();
    return withSpan(
      `${event.type} process`,
      {
        kind: SpanKind.CONSUMER,
        parent: contextWithService(this.service, parent),
        attributes: {
          "messaging.system": this.#system,
          "messaging.destination.name": this.queue,
          "messaging.message.id": event.id,
        },
      },
      async (span): Promise<{ outcome: Outcome; error?: unknown }> => {
        let outcome: Outcome = "acked";
        let failure: unknown;
        try {
          await this.#subscription.handle(event, { attempt });
        } catch (error) {
          failure = error;
          outcome = attempt >= maxDeliveries ? "dead_lettered" : "retried";
          span.recordException(error instanceof Error ? error : String(error));
          span.setStatus({ code: SpanStatusCode.ERROR });
        }
        const seconds = (performance.now() - started) / 1000;
        consumerDuration().record(seconds, this.#labels);
        consumerMessages().add(1, this.#outcomes[outcome]);
        const fields = {
          queue: this.queue,
          eventId: event.id,
          type: event.type,
          attempt,
          outcome,
          ms: Math.round(seconds * 10_000) / 10,
        };
        if (outcome === "acked") {
          // Debug: bulk work (a billing run, an import) means thousands of events a minute.
          if (seconds >= SLOW_SECONDS) this.#logger.info(fields, "event handled (slow)");
          else if (this.#logger.isLevelEnabled("debug"))
            this.#logger.debug(fields, "event handled");
        } else if (outcome === "retried")
          this.#logger.warn(
            { ...fields, err: failure },
            "event handler failed; will be redelivered",
          );
        else this.#logger.error({ ...fields, err: failure }, "event handler failed; dead-lettered");
        return outcome === "acked" ? { outcome } : { outcome, error: failure };
      },
    );
  }

  /** An event dead-lettered without reaching the handler (invalid). */
  rejected(fields: Record<string, unknown>): void {
    consumerMessages().add(1, this.#outcomes.dead_lettered);
    this.#logger.error({ queue: this.queue, ...fields }, "invalid event dead-lettered");
  }

  /**
   * Registers this queue's `slms_consumer_lag_messages` and `slms_dlq_messages` gauges, read on
   * scrape through `read` (undefined: nothing known, no sample), called once per gauge: cache
   * it when it costs a round trip (`cachedReading`). Returns the unregister function.
   */
  observeDepth(
    read: () => Promise<{ ready: number; deadLettered: number } | undefined>,
  ): () => void {
    const labels = this.#labels;
    const stopLag = observeGauge(
      CONSUMER_LAG,
      "Events ready in the consumer's queue",
      async (result) => {
        const depth = await read();
        if (depth) result.observe(depth.ready, labels);
      },
    );
    const stopDlq = observeGauge(
      DLQ_DEPTH,
      "Events in the consumer's dead-letter queue",
      async (result) => {
        const depth = await read();
        if (depth) result.observe(depth.deadLettered, labels);
      },
    );
    return () => {
      stopLag();
      stopDlq();
    };
  }
}
