import { SpanKind } from "@opentelemetry/api";
import { type EventEnvelope, validateEvent } from "@slms/contracts";
import { invalid } from "@slms/errors";
import type { Logger } from "@slms/logging";
import { contextFromTraceparent, withSpan } from "@slms/telemetry";
import type { EventBus, Subscription } from "./bus.ts";
import { topicMatches } from "./topic.ts";

export interface DeadLetter {
  queue: string;
  event: EventEnvelope;
  error: string;
}

export type InProcessBus = EventBus & {
  /** Events whose handler failed `maxDeliveries` times. */
  deadLetters(): readonly DeadLetter[];
};

/**
 * The embedded-mode bus: same contract as the RabbitMQ bus, no broker. `publish` resolves only
 * after every matching subscription has handled (or dead-lettered) the events, so the outbox
 * relay marks a row published only once its consumers are done — a crash before that
 * republishes it, and the consumers' inboxes drop the repeat.
 */
export function createInProcessBus(options: { logger: Logger }): InProcessBus {
  const subscriptions: Subscription[] = [];
  const deadLetters: DeadLetter[] = [];
  const inFlight = new Set<Promise<void>>();
  let closed = false;

  async function deliver(subscription: Subscription, event: EventEnvelope) {
    const maxDeliveries = subscription.maxDeliveries ?? 5;
    let lastError: unknown;
    for (let attempt = 1; attempt <= maxDeliveries; attempt++) {
      try {
        await withSpan(
          `${event.type} process`,
          {
            kind: SpanKind.CONSUMER,
            parent: contextFromTraceparent(event.traceparent),
            attributes: {
              "messaging.system": "in-process",
              "messaging.destination.name": subscription.queue,
            },
          },
          () => subscription.handle(event, { attempt }),
        );
        return;
      } catch (error) {
        lastError = error;
        options.logger.warn(
          { err: error, queue: subscription.queue, eventId: event.id, attempt },
          "event handler failed",
        );
      }
    }
    deadLetters.push({ queue: subscription.queue, event, error: String(lastError) });
    options.logger.error({ queue: subscription.queue, eventId: event.id }, "event dead-lettered");
  }

  return {
    async publish(events) {
      if (closed) throw new Error("bus is closed");
      for (const event of events) {
        const checked = validateEvent(event);
        if (!checked.ok)
          throw invalid(`event ${event.id} (${event.type}) is invalid`, checked.issues);
      }
      const work = (async () => {
        for (const event of events) {
          const targets = subscriptions.filter((s) =>
            s.bindings.some((b) => topicMatches(b, event.type)),
          );
          await Promise.all(targets.map((subscription) => deliver(subscription, event)));
        }
      })();
      inFlight.add(work);
      try {
        await work;
      } finally {
        inFlight.delete(work);
      }
    },

    async subscribe(subscription) {
      subscriptions.push(subscription);
    },

    async close() {
      closed = true;
      await Promise.allSettled([...inFlight]);
    },

    deadLetters: () => deadLetters,
  };
}
