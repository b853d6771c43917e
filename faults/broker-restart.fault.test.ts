// RabbitMQ stopped (`rabbitmqctl stop_app`) while billing's outbox relay publishes the events of a
// 20,000-lease billing run, down for 3 s, started again. Every bill must reach the counting queue
// (lost 0); deliveries beyond one per bill are allowed (at-least-once: consumers' inboxes absorb
// them) and reported; the run's effects (bills, one per lease) must not be duplicated. Recovery:
// from `start_app` returning to every event being in the queue.
import { waitFor } from "@slms/testing";
import amqp from "amqplib";
import { afterAll, describe, expect, it } from "vitest";
import { type BillingWorld, billingWorld, caller, issuedEventsSql, target } from "./billing.ts";
import {
  brokerAccepts,
  brokerOutage,
  drainQueue,
  queueDepth,
  rabbitUrl,
  report,
  seconds,
} from "./lib.ts";

const leases = Number(process.env.FAULT_BROKER_LEASES ?? 20_000);
const downMs = 3_000;
let world: BillingWorld | undefined;

afterAll(async () => {
  await world?.close();
});

describe("RabbitMQ stop_app / start_app during a billing run", () => {
  it("delivers every bill.issued event, bills each lease once, and drains the backlog soon after start_app", async () => {
    world = await billingWorld("fault_broker", { seedLeases: leases, chunk: 1_000 });
    const counter = world.broker.name("issued-counter");
    await world.start();
    let connection = await amqp.connect(rabbitUrl);
    connection.on("error", () => undefined); // stop_app closes it
    let channel = await connection.createChannel();
    await channel.assertQueue(counter, { durable: true, arguments: { "x-queue-type": "quorum" } });
    await channel.bindQueue(counter, world.broker.exchange, "billing.bill.issued");

    const finished = world.client().StartBillingRun({ targetDate: target, wait: true }, { caller });
    finished.catch(() => undefined); // awaited after the outage
    await waitFor(async () => (await queueDepth(channel, counter)) >= 500, {
      timeoutMs: 120_000,
      intervalMs: 20,
      description: "the relay to be publishing",
    });
    const beforeStop = await queueDepth(channel, counter);
    const outage = await brokerOutage(downMs);
    const startedWall = Date.now();
    await brokerAccepts();
    const acceptsMs = Date.now() - startedWall;
    const pendingEvents = () =>
      world!.count(`SELECT count(*)::int AS n FROM (${issuedEventsSql}) e WHERE NOT e.published`);
    await connection.close().catch(() => undefined);
    connection = await amqp.connect(rabbitUrl);
    channel = await connection.createChannel();
    // The queue's depth as it fills again, to tell "relay not woken" from "draining slowly".
    const samples: { ms: number; depth: number }[] = [];
    await waitFor(
      async () => {
        const depth = await queueDepth(channel, counter);
        samples.push({ ms: performance.now() - outage.startedAt, depth });
        return depth >= leases && (await pendingEvents()) === 0;
      },
      { timeoutMs: 120_000, intervalMs: 50, description: "every event to reach the queue" },
    );
    const recoverMs = performance.now() - outage.startedAt;
    const { run } = await finished;
    expect(run).toMatchObject({ status: "completed", issued: leases });
    const growing = samples.find((s) => s.depth > samples[0]!.depth) ?? samples.at(-1)!;
    const perSecond = Math.round(
      (samples.at(-1)!.depth - samples[0]!.depth) /
        Math.max((recoverMs - growing.ms) / 1000, 0.001),
    );
    await connection.close();
    // When billing's bus was connected again, from its log (its `time`).
    const reconnectedWall = world
      .current()!
      .output()
      .split("\n")
      .filter((line) => line.includes('"connected to broker"'))
      .map((line) => Date.parse((JSON.parse(line) as { time: string }).time))
      .find((time) => time >= startedWall - 5_000);

    const deliveries = (await drainQueue(counter)).map(
      (body) => (JSON.parse(body.toString()) as { data: { billId: string } }).data.billId,
    );
    const delivered = new Set(deliveries);
    const billIds = (await world.sql.query<{ id: string }>("SELECT id FROM bills")).rows.map(
      (r) => r.id,
    );
    const lost = billIds.filter((id) => !delivered.has(id)).length;
    const billsBeyondOnePerLease =
      billIds.length - (await world.count("SELECT count(DISTINCT lease_id)::int AS n FROM bills"));
    report([
      {
        scenario: `RabbitMQ stop_app ${downMs / 1000} s mid-run (${beforeStop} of ${leases} events queued before)`,
        expected: leases,
        found: delivered.size,
        lost,
        duplicated: billsBeyondOnePerLease,
        recoverS: seconds(recoverMs),
        note: `${deliveries.length - delivered.size} redelivered events (at-least-once); broker down ${seconds(outage.startedAt - outage.stoppedAt)} s incl. start_app; after start_app: AMQP accepted +${seconds(acceptsMs)} s, billing reconnected +${reconnectedWall === undefined ? "?" : seconds(reconnectedWall - startedWall)} s, queue growing +${seconds(growing.ms)} s (from ${samples[0]!.depth}), then ${perSecond} events/s`,
      },
    ]);
    expect(billIds).toHaveLength(leases);
    expect(lost).toBe(0);
    expect(billsBeyondOnePerLease).toBe(0);
    expect(delivered.size).toBe(leases);
    // The relay is woken on reconnect: the queue grows again within a few seconds of start_app.
    expect(seconds(growing.ms)).toBeLessThanOrEqual(3);
    // Target ≤ 3 s to drained (issue 14); asserted loosely on this shared 2-core machine.
    expect(seconds(recoverMs)).toBeLessThanOrEqual(10);
  });
});
