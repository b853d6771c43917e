// The billing service SIGKILLed while it consumes 3,000 `contracts.lease.activated` events (300
// of them published twice, as a broker may redeliver), then started again. Its inbox (runOnce)
// applies each event once: every lease stored once, with its schedule lines once. Recovery: from
// the restart (process spawned) to every lease applied and the queue empty — mostly the time to
// work through the backlog; the time until it applies events again is in the note.
import { randomUUID } from "node:crypto";
import { type EventEnvelope, EventTypes, type LeaseSnapshotV1 } from "@slms/contracts";
import { waitFor } from "@slms/testing";
import amqp from "amqplib";
import { afterAll, describe, expect, it } from "vitest";
import { minusDays, monthEnd, monthStart, terms } from "../services/billing/test/harness.ts";
import { type BillingWorld, billingWorld, caller, sites } from "./billing.ts";
import { queueDepth, rabbitUrl, report, seconds, stopProcess } from "./lib.ts";

const leases = Number(process.env.FAULT_CONSUMER_LEASES ?? 3_000);
const republished = Math.floor(leases / 10);
const months = 3;
let world: BillingWorld | undefined;

afterAll(async () => {
  await world?.close();
});

/** A lease snapshot as contracts publishes it on activation, with `months` monthly rent lines. */
function lease(n: number): LeaseSnapshotV1 {
  const start = "2026-01-01";
  const schedule = Array.from({ length: months }, (_, i) => {
    const periodStart = monthStart(start, i);
    const days = Number(monthEnd(periodStart).slice(8));
    return {
      feeCode: "rent",
      periodStart,
      periodEnd: monthEnd(periodStart),
      amountMinor: 500_000,
      issueDate: minusDays(periodStart, 10),
      dueDate: `${periodStart.slice(0, 8)}05`,
      chargedDays: days,
      fullPeriodDays: days,
      versions: [1],
    };
  });
  return {
    leaseId: `lea_fault_${n}`,
    siteId: sites[n % sites.length]!,
    customerId: `cus_fault_${n}`,
    unitIds: [`unt_fault_${n}`],
    reference: `F-${n}`,
    startDate: start,
    endDate: monthEnd(monthStart(start, months - 1)),
    currency: "CNY",
    timeZone: "Asia/Shanghai",
    predecessorId: null,
    versions: [{ version: 1, effectiveFrom: start, terms }],
    schedule,
  };
}

describe("a consumer SIGKILLed mid-stream", () => {
  it("stores every lease and schedule line exactly once after the restart", async () => {
    world = await billingWorld("fault_consumer");
    const first = await world.start(); // declares and binds its queue
    const queue = world.broker.name("billing.leases");
    const events: EventEnvelope[] = Array.from({ length: leases }, (_, i) => {
      const data = lease(i + 1);
      return {
        id: randomUUID(),
        type: EventTypes.LeaseActivated,
        version: 1,
        occurredAt: new Date().toISOString(),
        orgId: caller.orgId,
        siteId: data.siteId,
        actor: "usr_faults",
        traceparent: null,
        data: data as unknown as Record<string, unknown>,
      };
    });
    const connection = await amqp.connect(rabbitUrl);
    try {
      const channel = await connection.createConfirmChannel();
      for (const event of [...events, ...events.slice(0, republished)]) {
        channel.publish(world.broker.exchange, event.type, Buffer.from(JSON.stringify(event)), {
          persistent: true,
          messageId: event.id,
          type: event.type,
          contentType: "application/json",
        });
      }
      await channel.waitForConfirms();
      const applied = () => world!.count("SELECT count(*)::int AS n FROM billing_leases");
      await waitFor(async () => (await applied()) >= leases / 4, {
        timeoutMs: 120_000,
        intervalMs: 10,
        description: "a quarter of the leases applied",
      });
      await stopProcess(first.child, "SIGKILL");
      const appliedAtKill = await applied();
      const restartedAt = performance.now();
      await world.start();
      await waitFor(async () => (await applied()) > appliedAtKill, {
        timeoutMs: 60_000,
        intervalMs: 20,
        description: "billing to apply events again",
      });
      const consumingMs = performance.now() - restartedAt;
      const check = await connection.createChannel();
      await waitFor(
        async () => (await applied()) >= leases && (await queueDepth(check, queue)) === 0,
        {
          timeoutMs: 180_000,
          intervalMs: 50,
          description: "every lease applied after the restart",
        },
      );
      const recoverMs = performance.now() - restartedAt;

      const stored = await applied();
      const distinctLeases = await world.count(
        "SELECT count(DISTINCT id)::int AS n FROM billing_leases",
      );
      const lines = await world.count("SELECT count(*)::int AS n FROM scheduled_charges");
      const distinctLines = await world.count(
        "SELECT count(DISTINCT (lease_id, fee_code, period_start))::int AS n FROM scheduled_charges",
      );
      const handled = await world.count(
        "SELECT count(*)::int AS n FROM inbox_messages WHERE consumer = 'billing.leases'",
      );
      const deadLettered = await queueDepth(check, `${queue}.dlq`);
      report([
        {
          scenario: `billing SIGKILLed consuming lease events (${appliedAtKill} of ${leases} applied at the kill)`,
          expected: leases,
          found: distinctLeases,
          lost: leases - distinctLeases,
          duplicated: stored - distinctLeases,
          recoverS: seconds(recoverMs),
          note: `consuming again ${seconds(consumingMs)} s after the restart; ${republished} events published twice; ${handled} inbox rows; ${deadLettered} dead-lettered`,
        },
        {
          scenario: "… schedule lines",
          expected: leases * months,
          found: distinctLines,
          lost: leases * months - distinctLines,
          duplicated: lines - distinctLines,
          recoverS: seconds(recoverMs),
        },
      ]);
      expect(appliedAtKill).toBeLessThan(leases);
      expect([leases - distinctLeases, stored - distinctLeases]).toEqual([0, 0]);
      expect([leases * months - distinctLines, lines - distinctLines]).toEqual([0, 0]);
      expect([handled, deadLettered]).toEqual([leases, 0]);
      expect(seconds(recoverMs)).toBeLessThanOrEqual(120);
    } finally {
      await connection.close();
    }
  });
});
