import { createLogger } from "@slms/logging";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDailyJob } from "../src/jobs/daily.ts";
import { EventTypes, type Harness, startHarness } from "./harness.ts";

// The scheduled job as two replicas would run it: each its own `startDailyJob` on one database.
const logger = createLogger({ service: "daily-job-test", level: "silent" });
let h: Harness;

beforeAll(async () => {
  h = await startHarness("daily_job");
});

afterAll(async () => {
  await h?.close();
});

describe("the daily billing job", () => {
  it("runs on one replica at a time, takes over when that one stops, and skips empty runs", async () => {
    const lease = h.lease({ months: 6, start: "2026-01-01" });
    await h.publish(EventTypes.LeaseActivated, lease);
    h.now.value = new Date("2026-02-01T09:00:00+08:00");
    const hour = 3_600_000;
    const a = startDailyJob(h.service.deps, logger, hour);
    const b = startDailyJob(h.service.deps, logger, hour);
    try {
      // Both ticked once on start: one of them did the work.
      const first = await Promise.all([a.tick(), b.tick()]);
      expect(first.filter(Boolean)).toHaveLength(1);
      const runs = () => h.db.billingRun.findMany({ where: { actor: "system:billing-job" } });
      // Issue dates up to 2026-02-01: January and February (billed 10 days ahead).
      expect((await runs()).map((r) => [r.status, r.issued])).toEqual([["completed", 2]]);
      const holder = first[0] ? a : b;
      const other = first[0] ? b : a;

      // An hour later the holder renews; nothing new is due, so no run row is written.
      h.now.value = new Date("2026-02-01T10:00:00+08:00");
      expect(await other.tick()).toBe(false);
      expect(await holder.tick()).toBe(true);
      expect(await runs()).toHaveLength(1);

      // The holder stops (shutdown hands the lease back): the other replica takes over at once.
      await holder.close();
      expect(await other.tick()).toBe(true);
      // A holder that dies keeps the lease until it expires.
      await h.db.jobLease.updateMany({ data: { holder: "a-dead-replica" } });
      expect(await other.tick()).toBe(false);
      h.now.value = new Date("2026-02-25T10:00:00+08:00");
      expect(await other.tick()).toBe(true);
      expect((await runs()).map((r) => r.issued).sort()).toEqual([1, 2]);
      // Overdue January and February were flagged by the same tick's late-fee step.
      expect(await h.db.bill.count({ where: { leaseId: lease.leaseId, overdue: true } })).toBe(2);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
