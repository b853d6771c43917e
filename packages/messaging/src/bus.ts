import type { EventEnvelope } from "@slms/contracts";
import type { Logger } from "@slms/logging";

/**
 * How services publish facts and subscribe to them. Two implementations share it:
 * RabbitMQ (`createRabbitBus`) for infrastructure mode and an in-process bus
 * (`createInProcessBus`) for embedded mode.
 *
 * Delivery is at least once: a consumer may see the same event again (after a crash, a
 * reconnect or a republished outbox row) and must dedupe on `envelope.id` through its inbox
 * (`runOnce` in @slms/db) in the same transaction as its effects.
 */
export interface EventBus {
  /**
   * Publishes events, routing key = `type`. Resolves once the broker has taken responsibility
   * for every one of them (publisher confirms); rejects if any was not confirmed, so the
   * caller (the outbox relay) keeps them and tries again.
   */
  publish(events: readonly EventEnvelope[]): Promise<void>;
  /** Starts consuming; survives reconnects. */
  subscribe(subscription: Subscription): Promise<void>;
  /** Stops consuming, waits for handlers in flight, closes connections. */
  close(): Promise<void>;
  /**
   * Calls `listener` each time the bus (re)connects and can publish again — the outbox relay
   * retries at once instead of waiting out its backoff. Returns the unsubscribe function. A bus
   * that is never disconnected (in-process) need not implement it.
   */
  onConnected?(listener: () => void): () => void;
}

export interface Subscription {
  /**
   * Durable queue name, `<consumer service>.<purpose>`, e.g. `reporting.units`. The queue's
   * dead letters go to `<queue>.dlq`.
   */
  queue: string;
  /** Topic patterns of the event types it wants: `assets.unit.*`, `contracts.#`. */
  bindings: readonly string[];
  /**
   * Handles one valid event. Throwing means "try again later": the event is redelivered up to
   * `maxDeliveries` times and then dead-lettered. Events that fail validation are
   * dead-lettered at once without reaching the handler.
   */
  handle(event: EventEnvelope, delivery: DeliveryInfo): Promise<void>;
  /** Deliveries before an event is dead-lettered. Default 5. */
  maxDeliveries?: number;
  /** Unacknowledged events in flight at once. Default 16. */
  prefetch?: number;
  /**
   * The consuming service's logger: the bus logs each delivery through it (one line per event,
   * with trace and span ids). Default: the bus's own logger.
   */
  logger?: Logger;
}

export interface DeliveryInfo {
  /** 1 on the first delivery. */
  attempt: number;
}
