import { createLogger } from "@slms/logging";
import { SECONDS_BUCKETS, startTelemetry, type Telemetry } from "@slms/telemetry";
import { bucketBounds, createTestBroker, findSamples, scrapeHandler, waitFor } from "@slms/testing";
import amqp from "amqplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRabbitBus, type RabbitBus } from "../src/index.ts";
import { statusChanged } from "./fixtures.ts";

// A consumer on the real broker, as /metrics shows it: deliveries by outcome, handling time in
// seconds, and the depth of its queue and of its dead-letter queue.

const logger = createLogger({ service: "consumer-metrics-test", level: "silent" });
let telemetry: Telemetry;
let broker: Awaited<ReturnType<typeof createTestBroker>>;
let bus: RabbitBus;
let inspector: amqp.ChannelModel;

beforeAll(async () => {
  telemetry = startTelemetry({ serviceName: "consumer-metrics-test" });
  broker = await createTestBroker();
  bus = await createRabbitBus({
    url: broker.url,
    exchange: broker.exchange,
    queuePrefix: broker.exchange,
    logger,
  });
  inspector = await amqp.connect(broker.url);
});

afterAll(async () => {
  await bus?.close();
  await inspector?.close();
  await broker?.close();
  await telemetry?.close();
});

describe("consumer metrics", () => {
  it("counts deliveries by outcome, times them, and gauges the queue and its dead letters", async () => {
    const queue = "billing.metrics-test";
    broker.name(queue); // removed with the broker's other queues
    await bus.subscribe({
      queue,
      bindings: ["assets.unit.status_changed"],
      maxDeliveries: 2,
      handle: async (event) => {
        await new Promise((resolve) => setTimeout(resolve, 15));
        if (event.actor === "always-fails") throw new Error("handler failed");
      },
    });
    await bus.publish([statusChanged(), statusChanged({ actor: "always-fails" })]);
    const channel = await inspector.createChannel();
    await waitFor(
      async () => (await channel.checkQueue(`${broker.exchange}.${queue}.dlq`)).messageCount === 1,
      { description: "the hopeless event dead-lettered" },
    );

    const samples = await scrapeHandler(telemetry.metricsHandler);
    const labels = { service: "billing", queue };
    const outcome = (name: string) =>
      findSamples(samples, "slms_consumer_messages_total", { ...labels, outcome: name })[0]?.value;
    expect(outcome("acked")).toBe(1);
    expect(outcome("retried")).toBe(1);
    expect(outcome("dead_lettered")).toBe(1);
    expect(bucketBounds(samples, "slms_consumer_duration_seconds", labels)).toEqual([
      ...SECONDS_BUCKETS.map(String),
      "+Inf",
    ]);
    expect(findSamples(samples, "slms_consumer_duration_seconds_count", labels)[0]?.value).toBe(3);
    // 15 ms each: none under 10 ms (the old millisecond buckets would have put all in le=5).
    expect(
      findSamples(samples, "slms_consumer_duration_seconds_bucket", { ...labels, le: "0.01" })[0]
        ?.value,
    ).toBe(0);
    expect(findSamples(samples, "slms_consumer_lag_messages", labels)[0]?.value).toBe(0);
    expect(findSamples(samples, "slms_dlq_messages", labels)[0]?.value).toBe(1);
  });
});
