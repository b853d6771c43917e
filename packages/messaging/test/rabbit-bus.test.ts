import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { EventEnvelope } from "@slms/contracts";
import { createLogger } from "@slms/logging";
import { createTestBroker, waitFor } from "@slms/testing";
import amqp from "amqplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRabbitBus, type RabbitBus } from "../src/index.ts";
import { statusChanged } from "./fixtures.ts";

const logger = createLogger({ service: "rabbit-bus-test", level: "silent" });
const run = promisify(execFile);

let broker: Awaited<ReturnType<typeof createTestBroker>>;
let bus: RabbitBus;
let connectionName: string;
let inspector: amqp.ChannelModel;
let channel: amqp.Channel;

beforeAll(async () => {
  broker = await createTestBroker();
  connectionName = broker.name("conn");
  bus = await createRabbitBus({
    url: broker.url,
    exchange: broker.exchange,
    logger,
    connectionName,
  });
  inspector = await amqp.connect(broker.url);
  channel = await inspector.createChannel();
});

afterAll(async () => {
  await bus?.close();
  await inspector?.close();
  await broker?.close();
});

const messagesIn = async (queue: string) => (await channel.checkQueue(queue)).messageCount;

describe("RabbitMQ bus", () => {
  it("delivers published events to matching subscriptions only", async () => {
    const units: EventEnvelope[] = [];
    const billing: EventEnvelope[] = [];
    await bus.subscribe({
      queue: broker.name("units"),
      bindings: ["assets.unit.*"],
      handle: async (e) => void units.push(e),
    });
    await bus.subscribe({
      queue: broker.name("billing"),
      bindings: ["billing.#"],
      handle: async (e) => void billing.push(e),
    });
    const event = statusChanged();
    await bus.publish([event]);
    await waitFor(() => units.length === 1, { timeoutMs: 5_000 });
    expect(units[0]).toEqual(event);
    expect(billing).toHaveLength(0);
  });

  it("dead-letters poison messages at once without blocking the queue", async () => {
    const queue = broker.name("poison");
    const handled: string[] = [];
    await bus.subscribe({
      queue,
      bindings: ["assets.unit.status_changed"],
      prefetch: 1,
      handle: async (e) => void handled.push(e.id),
    });
    const publisher = await inspector.createConfirmChannel();
    const send = (body: Buffer) =>
      new Promise<void>((resolve, reject) =>
        publisher.publish(broker.exchange, "assets.unit.status_changed", body, {}, (error) =>
          error ? reject(error) : resolve(),
        ),
      );
    await send(Buffer.from("{not json"));
    await send(Buffer.from(JSON.stringify({ ...statusChanged(), data: { to: "sold" } })));
    const good = statusChanged();
    await bus.publish([good]);
    await waitFor(() => handled.includes(good.id), { timeoutMs: 5_000 });
    await waitFor(async () => (await messagesIn(`${queue}.dlq`)) === 2, { timeoutMs: 5_000 });
    expect(handled).toEqual([good.id]);
    await publisher.close();
  });

  it("redelivers after a handler failure, and dead-letters after maxDeliveries", async () => {
    const queue = broker.name("failing");
    const attempts = new Map<string, number[]>();
    await bus.subscribe({
      queue,
      bindings: ["assets.unit.status_changed"],
      maxDeliveries: 3,
      handle: async (event, delivery) => {
        attempts.set(event.id, [...(attempts.get(event.id) ?? []), delivery.attempt]);
        if (event.actor === "always-fails" || delivery.attempt === 1)
          throw new Error("handler failed");
      },
    });
    const flaky = statusChanged();
    const hopeless = statusChanged({ actor: "always-fails" });
    await bus.publish([flaky, hopeless]);
    await waitFor(async () => (await messagesIn(`${queue}.dlq`)) === 1, { timeoutMs: 10_000 });
    expect(attempts.get(flaky.id)).toEqual([1, 2]);
    expect(attempts.get(hopeless.id)).toEqual([1, 2, 3]);
    const dead = await channel.get(`${queue}.dlq`, { noAck: true });
    expect(dead && JSON.parse(dead.content.toString()).id).toBe(hopeless.id);
  });

  it("keeps events nobody subscribes to in the unrouted queue", async () => {
    const before = await messagesIn(`${broker.exchange}.unrouted`);
    await bus.publish([statusChanged({ type: "nobody.listens.here" })]);
    await waitFor(async () => (await messagesIn(`${broker.exchange}.unrouted`)) === before + 1, {
      timeoutMs: 5_000,
    });
  });

  it("refuses to publish an invalid event", async () => {
    await expect(bus.publish([{ ...statusChanged(), data: { to: "sold" } }])).rejects.toThrow(
      /is invalid/,
    );
  });

  it("publishes none of a batch with an invalid event in it, wherever it is", async () => {
    const before = await messagesIn(`${broker.exchange}.unrouted`);
    const batch = Array.from({ length: 250 }, () => statusChanged({ type: "nobody.hears.this" }));
    batch[240] = { ...batch[240]!, type: "assets.unit.status_changed", data: { to: "sold" } };
    await expect(bus.publish(batch)).rejects.toThrow(/is invalid/);
    // A valid event after it goes out alone: the invalid batch left nothing behind it.
    await bus.publish([statusChanged({ type: "nobody.hears.this" })]);
    await waitFor(async () => (await messagesIn(`${broker.exchange}.unrouted`)) >= before + 1, {
      timeoutMs: 5_000,
    });
    expect(await messagesIn(`${broker.exchange}.unrouted`)).toBe(before + 1);
  });

  it("publishes a large batch in slices, letting other work run in between", async () => {
    const queue = broker.name("slices");
    const received: string[] = [];
    await bus.subscribe({
      queue,
      bindings: ["slices.#"],
      prefetch: 500,
      handle: async (e) => void received.push(e.id),
    });
    // Each event counts the reads of its `actor` (validating and sending both read it).
    let reads = 0;
    const batch = Array.from({ length: 1_000 }, () => {
      const event = statusChanged({ type: "slices.test.event" });
      const { actor } = event;
      return Object.defineProperty(event, "actor", {
        enumerable: true,
        get: () => {
          reads++;
          return actor;
        },
      });
    });
    // Work queued before the publish runs while the batch is still being sent: a single
    // synchronous loop over the batch would have sent (and read) every event before it.
    let readsWhenOtherWorkRan = -1;
    setImmediate(() => {
      readsWhenOtherWorkRan = reads;
    });
    await bus.publish(batch);
    expect(readsWhenOtherWorkRan).toBeGreaterThan(0);
    expect(readsWhenOtherWorkRan).toBeLessThan(reads);
    await waitFor(() => received.length === batch.length, { timeoutMs: 10_000 });
    expect(new Set(received)).toEqual(new Set(batch.map((e) => e.id)));
  });

  it("fails a batch whose events the broker refuses while later slices are still being sent, leaving no rejection unhandled", async () => {
    // A full queue that rejects publishes: the broker nacks every event beyond its first 10, and
    // the first nacks arrive while the batch's later slices are still going out.
    const queue = broker.name("full");
    await channel.assertQueue(queue, {
      durable: true,
      arguments: { "x-max-length": 10, "x-overflow": "reject-publish" },
    });
    await channel.bindQueue(queue, broker.exchange, "refused.#");
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const batch = Array.from({ length: 3_000 }, () =>
        statusChanged({ type: "refused.test.event" }),
      );
      await expect(bus.publish(batch)).rejects.toThrow(/did not confirm/);
      // Any rejection left unhandled is reported by the next turns of the event loop.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
    expect(await messagesIn(queue)).toBe(10);
  });

  it("reconnects after the broker drops the connection, and keeps consuming", async () => {
    const handled: string[] = [];
    await bus.subscribe({
      queue: broker.name("reconnect"),
      bindings: ["assets.unit.status_changed"],
      handle: async (e) => void handled.push(e.id),
    });
    const { stdout } = await run("rabbitmqctl", [
      "-q",
      "list_connections",
      "pid",
      "client_properties",
    ]);
    const line = stdout.split("\n").find((l) => l.includes(connectionName));
    expect(line, "our connection is listed by rabbitmqctl").toBeDefined();
    const pid = line!.split("\t")[0]!;
    let reconnected = 0;
    const off = bus.onConnected(() => reconnected++);
    await run("rabbitmqctl", ["-q", "close_connection", pid, "test: simulated broker restart"]);
    await waitFor(() => !bus.isConnected(), { timeoutMs: 5_000 });
    await waitFor(() => bus.isConnected(), { timeoutMs: 15_000 });
    expect(reconnected, "the bus told its listeners it can publish again").toBe(1);
    off();
    const event = statusChanged();
    await bus.publish([event]);
    await waitFor(() => handled.includes(event.id), { timeoutMs: 5_000 });
  });
});
