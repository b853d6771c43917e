import { context, SpanKind } from "@opentelemetry/api";
import { type EventEnvelope, validateEvent } from "@slms/contracts";
import { invalid, unavailable } from "@slms/errors";
import type { Logger } from "@slms/logging";
import {
  cachedReading,
  contextFromAmqpHeaders,
  contextFromTraceparent,
  contextWithService,
  currentService,
  injectAmqpHeaders,
  withSpan,
} from "@slms/telemetry";
import amqp, {
  type Channel,
  type ChannelModel,
  type ConfirmChannel,
  type ConsumeMessage,
} from "amqplib";
import type { EventBus, Subscription } from "./bus.ts";
import { ConsumerObserver } from "./observe-consumer.ts";

/** Events sent between two turns of the event loop while publishing a batch. */
const PUBLISH_SLICE = 100;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface RabbitBusOptions {
  url: string;
  /** The topic exchange every event goes through. Default `slms.events`. */
  exchange?: string;
  logger: Logger;
  /** Shown by `rabbitmqctl list_connections`; lets operators (and tests) find this process. */
  connectionName?: string;
  /**
   * Prepended (with a dot) to every subscription's queue name, so several deployments or test
   * runs can share one broker without sharing queues. Default: none.
   */
  queuePrefix?: string;
  /** Connection attempts at startup before giving up (the process then fails fast). Default 30. */
  startupRetries?: number;
}

export type RabbitBus = EventBus & {
  /** Whether a connection to the broker is currently up (for readiness). */
  isConnected(): boolean;
  onConnected(listener: () => void): () => void;
};

/**
 * The RabbitMQ event bus.
 *
 * Topology (declared idempotently on every connect):
 * - `<exchange>`: durable topic exchange; routing key = event type. Its alternate exchange
 *   `<exchange>.unrouted` keeps events no queue is bound for in the `<exchange>.unrouted` queue,
 *   so a fact published before its first consumer exists is kept, not dropped.
 * - per subscription: a durable quorum queue with `x-delivery-limit` (bounded redelivery) whose
 *   dead letters go through `<exchange>.dlx` to `<queue>.dlq`.
 *
 * Publishing uses a confirm channel with `mandatory`; a returned message is logged as an
 * error. Consumers ack manually after the handler succeeded. The connection recovers by
 * itself after a broker restart and re-declares topology and consumers.
 */
export async function createRabbitBus(options: RabbitBusOptions): Promise<RabbitBus> {
  const exchange = options.exchange ?? "slms.events";
  const { logger } = options;
  const subscriptions: Subscription[] = [];
  const observers = new Map<Subscription, ConsumerObserver>();
  const stopGauges: (() => void)[] = [];
  const inFlight = new Set<Promise<void>>();
  let consumers: { channel: Channel; tag: string }[] = [];
  let model: ChannelModel | null = null;
  let publisher: ConfirmChannel | null = null;
  let stopping = false;
  const connectedListeners = new Set<() => void>();
  /** A channel for passive queue checks (depth gauges); a failed check closes it. */
  let checker: Promise<Channel> | null = null;

  const queueName = (subscription: Subscription) =>
    options.queuePrefix ? `${options.queuePrefix}.${subscription.queue}` : subscription.queue;

  async function queueDepth(queue: string): Promise<{ ready: number; deadLettered: number }> {
    const current = model;
    if (!current) throw unavailable("not connected to the message broker");
    checker ??= current.createChannel().then((channel) => {
      const drop = () => {
        checker = null;
      };
      channel.on("error", drop);
      channel.on("close", drop);
      return channel;
    });
    const channel = await checker.catch((error: unknown) => {
      checker = null;
      throw error;
    });
    const main = await channel.checkQueue(queue);
    const dead = await channel.checkQueue(`${queue}.dlq`);
    return { ready: main.messageCount, deadLettered: dead.messageCount };
  }

  async function declareExchanges(channel: Channel) {
    await channel.assertExchange(`${exchange}.unrouted`, "fanout", { durable: true });
    await channel.assertQueue(`${exchange}.unrouted`, {
      durable: true,
      arguments: { "x-queue-type": "quorum" },
    });
    await channel.bindQueue(`${exchange}.unrouted`, `${exchange}.unrouted`, "");
    await channel.assertExchange(exchange, "topic", {
      durable: true,
      alternateExchange: `${exchange}.unrouted`,
    });
    await channel.assertExchange(`${exchange}.dlx`, "direct", { durable: true });
  }

  async function startConsumer(current: ChannelModel, subscription: Subscription) {
    const channel = await current.createChannel();
    channel.on("error", (error: Error) =>
      logger.warn({ err: error, queue: subscription.queue }, "consumer channel error"),
    );
    const queue = queueName(subscription);
    const maxDeliveries = subscription.maxDeliveries ?? 5;
    await channel.assertQueue(`${queue}.dlq`, {
      durable: true,
      arguments: { "x-queue-type": "quorum" },
    });
    await channel.bindQueue(`${queue}.dlq`, `${exchange}.dlx`, queue);
    await channel.assertQueue(queue, {
      durable: true,
      arguments: {
        "x-queue-type": "quorum",
        "x-delivery-limit": maxDeliveries - 1,
        "x-dead-letter-exchange": `${exchange}.dlx`,
        "x-dead-letter-routing-key": queue,
      },
    });
    for (const pattern of subscription.bindings) await channel.bindQueue(queue, exchange, pattern);
    await channel.prefetch(subscription.prefetch ?? 16);
    const { consumerTag } = await channel.consume(queue, (message) => {
      if (!message) return; // cancelled by the broker; recovery re-subscribes
      const work = handleDelivery(channel, subscription, message);
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work));
    });
    consumers.push({ channel, tag: consumerTag });
  }

  async function handleDelivery(
    channel: Channel,
    subscription: Subscription,
    message: ConsumeMessage,
  ) {
    const observer = observers.get(subscription)!;
    const headers = message.properties.headers ?? {};
    let body: unknown;
    try {
      body = JSON.parse(message.content.toString("utf8"));
    } catch {
      body = undefined;
    }
    const result = validateEvent(body);
    if (!result.ok) {
      // Logged in the producer's trace (from the headers): the line carries its trace id.
      context.with(contextFromAmqpHeaders(headers), () =>
        observer.rejected({
          messageId: message.properties.messageId,
          issues: body === undefined ? "not JSON" : result.issues,
        }),
      );
      settle(() => channel.nack(message, false, false));
      return;
    }
    const event = result.event;
    const attempt = Number(headers["x-delivery-count"] ?? 0) + 1;
    const { outcome } = await observer.run(
      event,
      attempt,
      subscription.maxDeliveries ?? 5,
      contextFromAmqpHeaders(headers),
    );
    // Not acked: back to the queue, which dead-letters it once its delivery limit is reached.
    if (outcome === "acked") settle(() => channel.ack(message));
    else settle(() => channel.nack(message, false, true));
  }

  // Acking on a channel that closed meanwhile throws; the broker redelivers, the inbox dedupes.
  function settle(action: () => void) {
    try {
      action();
    } catch (error) {
      logger.warn({ err: error }, "could not settle a delivery; it will be redelivered");
    }
  }

  const connection = await amqp.connect(options.url, {
    clientProperties: { connection_name: options.connectionName ?? "slms" },
    // Reconnect attempts at most a second apart (a refused TCP connection costs nothing), so a
    // broker back from a restart is found within about a second; the relay is then woken.
    recovery: {
      initialDelay: 200,
      maxDelay: 1_000,
      initialMaxRetries: options.startupRetries ?? 30,
      async setup(current: ChannelModel) {
        const channel = await current.createConfirmChannel();
        channel.on("error", (error: Error) =>
          logger.warn({ err: error }, "publisher channel error"),
        );
        channel.on("return", (message: ConsumeMessage) =>
          logger.error(
            { messageId: message.properties.messageId, routingKey: message.fields.routingKey },
            "event returned by the broker as unroutable",
          ),
        );
        await declareExchanges(channel);
        consumers = [];
        for (const subscription of subscriptions) await startConsumer(current, subscription);
        model = current;
        publisher = channel;
        for (const listener of connectedListeners) listener();
      },
    },
  });
  connection.on("error", (error: Error) => logger.warn({ err: error }, "broker connection error"));
  connection.on("disconnect", (error: Error) => {
    model = null;
    publisher = null;
    if (!stopping) logger.warn({ err: error }, "broker connection lost; reconnecting");
  });
  connection.on("connect", () => logger.info({ exchange }, "connected to broker"));

  /** Sends one (valid) event as a persistent message; resolves when the broker confirms it. */
  const publishOne = (channel: ConfirmChannel, event: EventEnvelope) =>
    withSpan(
      `${event.type} publish`,
      {
        kind: SpanKind.PRODUCER,
        parent: contextWithService(currentService(), contextFromTraceparent(event.traceparent)),
        attributes: { "messaging.system": "rabbitmq", "messaging.message.id": event.id },
      },
      () =>
        new Promise<void>((resolve, reject) => {
          const headers: Record<string, unknown> = {};
          injectAmqpHeaders(headers);
          channel.publish(
            exchange,
            event.type,
            Buffer.from(JSON.stringify(event)),
            {
              persistent: true,
              mandatory: true,
              messageId: event.id,
              type: event.type,
              contentType: "application/json",
              timestamp: Math.floor(Date.parse(event.occurredAt) / 1000),
              headers,
            },
            (error) =>
              error ? reject(unavailable(`broker did not confirm event ${event.id}`)) : resolve(),
          );
        }),
    );

  return {
    isConnected: () => publisher !== null,

    async publish(events: readonly EventEnvelope[]) {
      const channel = publisher;
      if (!channel) throw unavailable("not connected to the message broker");
      // Every event is checked before any is sent: an invalid one publishes none of the batch.
      for (const event of events) {
        const checked = validateEvent(event);
        if (!checked.ok)
          throw invalid(`event ${event.id} (${event.type}) is invalid`, checked.issues);
      }
      // A batch of thousands would hold the event loop for a tenth of a second and more: the
      // service's own requests and queries (a billing run's next chunk) would wait behind it.
      // So it goes out in slices, letting other work in between; confirms are awaited together.
      const confirms: Promise<void>[] = [];
      for (let i = 0; i < events.length; i++) {
        if (i > 0 && i % PUBLISH_SLICE === 0) await yieldToEventLoop();
        const confirmed = publishOne(channel, events[i]!);
        // A refusal (or a channel closed mid-batch) arriving while later slices are sent is
        // handled here, and reported by the Promise.all below: left unhandled until then, it
        // would end the process.
        confirmed.catch(() => {});
        confirms.push(confirmed);
      }
      await Promise.all(confirms);
    },

    onConnected(listener: () => void) {
      connectedListeners.add(listener);
      return () => connectedListeners.delete(listener);
    },

    async subscribe(subscription: Subscription) {
      const observer = new ConsumerObserver(subscription, logger, "rabbitmq");
      observers.set(subscription, observer);
      const queue = queueName(subscription);
      stopGauges.push(observer.observeDepth(cachedReading(() => queueDepth(queue))));
      subscriptions.push(subscription);
      if (model) await startConsumer(model, subscription);
    },

    async close() {
      stopping = true;
      for (const stop of stopGauges.splice(0)) stop();
      // Stop deliveries, let handlers in flight finish and ack, then close.
      await Promise.allSettled(consumers.map(({ channel, tag }) => channel.cancel(tag)));
      await Promise.allSettled([...inFlight]);
      await connection
        .close()
        .catch((error: Error) => logger.warn({ err: error }, "closing broker connection"));
    },
  };
}
