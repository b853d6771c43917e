import { type EventEnvelope, validateEvent } from "@slms/contracts";
import { invalid } from "@slms/errors";
import type { Logger } from "@slms/logging";
import { contextFromTraceparent } from "@slms/telemetry";
import type { EventBus, Subscription } from "./bus.ts";
import { ConsumerObserver } from "./observe-consumer.ts";
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

  const observers = new Map<Subscription, ConsumerObserver>();
  /** Deliveries under way per subscription: its "lag" (the bus holds no queue). */
  const pending = new Map<Subscription, number>();
  const stopGauges: (() => void)[] = [];

  async function deliver(subscription: Subscription, event: EventEnvelope) {
    const observer = observers.get(subscription)!;
    const maxDeliveries = subscription.maxDeliveries ?? 5;
    const parent = contextFromTraceparent(event.traceparent);
    pending.set(subscription, (pending.get(subscription) ?? 0) + 1);
    try {
      for (let attempt = 1; attempt <= maxDeliveries; attempt++) {
        const { outcome, error } = await observer.run(event, attempt, maxDeliveries, parent);
        if (outcome === "acked") return;
        if (outcome === "dead_lettered") {
          deadLetters.push({ queue: subscription.queue, event, error: String(error) });
          return;
        }
      }
    } finally {
      pending.set(subscription, (pending.get(subscription) ?? 1) - 1);
    }
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
      const observer = new ConsumerObserver(subscription, options.logger, "in-process");
      observers.set(subscription, observer);
      const queue = subscription.queue;
      stopGauges.push(
        observer.observeDepth(async () => ({
          ready: pending.get(subscription) ?? 0,
          deadLettered: deadLetters.filter((d) => d.queue === queue).length,
        })),
      );
      subscriptions.push(subscription);
    },

    async close() {
      closed = true;
      for (const stop of stopGauges.splice(0)) stop();
      await Promise.allSettled([...inFlight]);
    },

    deadLetters: () => deadLetters,
  };
}
