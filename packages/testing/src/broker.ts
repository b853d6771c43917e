import { connect } from "amqplib";
import { uniqueSuffix } from "./unique.ts";

/** A RabbitMQ namespace of one's own: an exchange name and queue names nobody else uses. */
export interface TestBroker {
  /** `RABBITMQ_URL`, default `amqp://guest:guest@127.0.0.1:5672`. */
  url: string;
  /** A unique exchange name (`test.<unique>`); the code under test declares it. */
  exchange: string;
  /**
   * A unique queue name, `<exchange>.<base>`, remembered so close() deletes it (and its
   * `<queue>.dlq`). Calling it twice with one base gives the same name.
   */
  name(base: string): string;
  /**
   * Deletes the exchange, `<exchange>.dlx`, `<exchange>.unrouted` (exchange and queue) and every
   * named queue with its `<queue>.dlq`, whether
   * or not they were declared. Safe to call twice.
   */
  close(): Promise<void>;
}

export function rabbitmqUrl(): string {
  return process.env.RABBITMQ_URL || "amqp://guest:guest@127.0.0.1:5672";
}

/**
 * Gives a test file its own exchange and queue names on the machine's RabbitMQ, and removes them
 * afterwards. It opens no connection until close(). The names follow @slms/messaging's
 * conventions: dead letters go to exchange `<exchange>.dlx` and queue `<queue>.dlq`; events no
 * queue is bound for are kept by the alternate exchange and queue `<exchange>.unrouted`.
 *
 * @example
 * const broker = createTestBroker();
 * const bus = await createRabbitBus({ url: broker.url, exchange: broker.exchange });
 * await bus.subscribe({ queue: broker.name("billing"), … });
 * afterAll(() => broker.close());
 */
export function createTestBroker(): TestBroker {
  const url = rabbitmqUrl();
  const exchange = `test.${uniqueSuffix()}`;
  const queues = new Set<string>();
  let closing: Promise<void> | undefined;
  return {
    url,
    exchange,
    name(base) {
      if (!/^[A-Za-z0-9_.:-]+$/.test(base)) {
        throw new TypeError(`queue base name must be letters, digits, _ . : - only: "${base}"`);
      }
      const queue = `${exchange}.${base}`;
      queues.add(queue);
      return queue;
    },
    close() {
      closing ??= (async () => {
        const connection = await connect(url);
        try {
          const channel = await connection.createChannel();
          // Deleting what does not exist is not an error in RabbitMQ, so no checks are needed.
          for (const queue of queues) {
            await channel.deleteQueue(queue);
            await channel.deleteQueue(`${queue}.dlq`);
          }
          await channel.deleteQueue(`${exchange}.unrouted`);
          await channel.deleteExchange(exchange);
          await channel.deleteExchange(`${exchange}.dlx`);
          await channel.deleteExchange(`${exchange}.unrouted`);
          await channel.close();
        } finally {
          await connection.close();
        }
      })();
      return closing;
    },
  };
}
