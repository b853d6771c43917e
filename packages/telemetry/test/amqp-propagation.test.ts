import { randomUUID } from "node:crypto";
import { SpanKind } from "@opentelemetry/api";
import amqp, { type Channel, type ChannelModel, type ConsumeMessage } from "amqplib";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  contextFromAmqpHeaders,
  contextFromTraceparent,
  currentTraceparent,
  InMemorySpanExporter,
  injectAmqpHeaders,
  startTelemetry,
  withSpan,
} from "../src/index.ts";

// Real RabbitMQ: publish with the trace context in the message headers (and, like an event
// envelope, as a `traceparent` field in the body), consume, and continue the trace.

const RABBITMQ_URL = process.env.RABBITMQ_URL ?? "amqp://guest:guest@127.0.0.1:5672";
const suffix = randomUUID();
const EXCHANGE = `slms.test.telemetry.${suffix}`;
const QUEUE = `slms.test.telemetry.${suffix}`;

const exporter = new InMemorySpanExporter();
const telemetry = startTelemetry({ serviceName: "amqp-propagation-test", spanExporter: exporter });
let connection: ChannelModel;
let channel: Channel;
const deliveries: ConsumeMessage[] = [];
const waiters: Array<() => void> = [];

/** Resolves with the next delivered message (event-driven; the test timeout bounds it). */
function nextMessage(): Promise<ConsumeMessage> {
  return new Promise((resolve) => {
    const take = () => resolve(deliveries.shift()!);
    if (deliveries.length > 0) take();
    else waiters.push(take);
  });
}

beforeAll(async () => {
  connection = await amqp.connect(RABBITMQ_URL);
  channel = await connection.createChannel();
  await channel.assertExchange(EXCHANGE, "topic", { durable: false });
  await channel.assertQueue(QUEUE, { durable: false });
  await channel.bindQueue(QUEUE, EXCHANGE, "telemetry.#");
  await channel.consume(QUEUE, (message) => {
    if (!message) return;
    channel.ack(message);
    deliveries.push(message);
    waiters.shift()?.();
  });
});

afterAll(async () => {
  if (channel) {
    await channel.deleteQueue(QUEUE);
    await channel.deleteExchange(EXCHANGE);
    await channel.close();
  }
  await connection?.close();
  await telemetry.close();
});

it("a trace id crosses a real RabbitMQ publish/consume in the headers", async () => {
  const received = nextMessage();
  await withSpan("telemetry.test publish", { kind: SpanKind.PRODUCER }, async () => {
    const headers = injectAmqpHeaders({ "x-app": "slms" });
    const body = { id: randomUUID(), traceparent: currentTraceparent() };
    channel.publish(EXCHANGE, "telemetry.test", Buffer.from(JSON.stringify(body)), {
      headers,
      contentType: "application/json",
    });
  });

  const message = await received;
  expect(message.properties.headers).toMatchObject({ "x-app": "slms" });
  expect(typeof message.properties.headers?.traceparent).toBe("string");

  withSpan(
    "telemetry.test process",
    { kind: SpanKind.CONSUMER, parent: contextFromAmqpHeaders(message.properties.headers) },
    () => undefined,
  );
  const envelope = JSON.parse(message.content.toString("utf8")) as { traceparent: string | null };
  withSpan(
    "telemetry.test from envelope",
    { kind: SpanKind.CONSUMER, parent: contextFromTraceparent(envelope.traceparent) },
    () => undefined,
  );

  const spans = exporter.getFinishedSpans();
  const producer = spans.find((s) => s.name === "telemetry.test publish")!;
  const consumer = spans.find((s) => s.name === "telemetry.test process")!;
  const fromEnvelope = spans.find((s) => s.name === "telemetry.test from envelope")!;
  for (const child of [consumer, fromEnvelope]) {
    expect(child.spanContext().traceId).toBe(producer.spanContext().traceId);
    expect(child.parentSpanContext).toMatchObject({
      spanId: producer.spanContext().spanId,
      isRemote: true,
    });
  }
});

it("a message without trace headers starts a new trace", async () => {
  exporter.reset();
  const received = nextMessage();
  const producerTrace = withSpan("bare publish", (span) => {
    channel.publish(EXCHANGE, "telemetry.bare", Buffer.from("{}"));
    return span.spanContext().traceId;
  });
  const message = await received;
  const consumerTrace = withSpan(
    "bare process",
    { parent: contextFromAmqpHeaders(message.properties.headers) },
    (span) => span.spanContext().traceId,
  );
  expect(consumerTrace).not.toBe(producerTrace);
  expect(
    exporter.getFinishedSpans().find((s) => s.name === "bare process")?.parentSpanContext,
  ).toBe(undefined);
});
