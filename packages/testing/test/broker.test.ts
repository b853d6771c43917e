import amqp from "amqplib";
import { describe, expect, it } from "vitest";
import { createTestBroker } from "../src/broker.ts";
import { waitFor } from "../src/wait-for.ts";

/** Whether an exchange/queue exists: a passive check on a throwaway channel (a 404 closes it). */
async function exists(
  connection: amqp.ChannelModel,
  kind: "exchange" | "queue",
  name: string,
): Promise<boolean> {
  const channel = await connection.createChannel();
  channel.on("error", () => {});
  try {
    if (kind === "exchange") await channel.checkExchange(name);
    else await channel.checkQueue(name);
    await channel.close();
    return true;
  } catch (error) {
    if ((error as { code?: number }).code === 404) return false;
    throw error;
  }
}

describe("createTestBroker", () => {
  it("hands out unique names and deletes everything named on close", async () => {
    const broker = createTestBroker();
    const other = createTestBroker();
    expect(broker.exchange).toMatch(/^test\.[a-z0-9]+$/);
    expect(other.exchange).not.toBe(broker.exchange);
    const queue = broker.name("billing");
    expect(queue).toBe(`${broker.exchange}.billing`);
    expect(broker.name("billing")).toBe(queue);
    const declaredOnlyMain = broker.name("reports");

    const connection = await amqp.connect(broker.url);
    try {
      const channel = await connection.createChannel();
      // What @slms/messaging declares: topic exchange, dead-letter exchange and queue, a quorum queue.
      await channel.assertExchange(broker.exchange, "topic", { durable: true });
      await channel.assertExchange(`${broker.exchange}.dlx`, "topic", { durable: true });
      await channel.assertQueue(`${queue}.dlq`, {
        durable: true,
        arguments: { "x-queue-type": "quorum" },
      });
      await channel.assertQueue(queue, {
        durable: true,
        arguments: { "x-queue-type": "quorum", "x-dead-letter-exchange": `${broker.exchange}.dlx` },
      });
      await channel.assertQueue(declaredOnlyMain, { durable: true });
      await channel.bindQueue(queue, broker.exchange, "#");

      const received: string[] = [];
      await channel.consume(queue, (msg) => {
        if (msg) {
          received.push(msg.content.toString());
          channel.ack(msg);
        }
      });
      channel.publish(broker.exchange, "billing.bill.issued", Buffer.from("hello"));
      await waitFor(() => received.length === 1, { description: "the message to arrive" });
      expect(received).toEqual(["hello"]);
      await channel.close();

      await broker.close();
      await broker.close();

      for (const [kind, name] of [
        ["exchange", broker.exchange],
        ["exchange", `${broker.exchange}.dlx`],
        ["queue", queue],
        ["queue", `${queue}.dlq`],
        ["queue", declaredOnlyMain],
      ] as const) {
        expect(await exists(connection, kind, name), `${kind} ${name}`).toBe(false);
      }
    } finally {
      await connection.close();
    }
    // Closing a broker whose names were never declared is fine too.
    await other.close();
  });

  it("rejects queue base names RabbitMQ tooling would choke on", () => {
    expect(() => createTestBroker().name("has space")).toThrow(TypeError);
  });
});
