import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyLeaseActivated } from "../src/use-cases/apply-lease-activated.ts";
import { EventTypes, failure, fieldsOf, type Harness, startHarness } from "./harness.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness("apply_lease_activated");
});

afterAll(async () => {
  await h?.close();
});

describe("applyLeaseActivated", () => {
  it("keeps one schedule per lease however often its activation is delivered", async () => {
    const lease = h.lease({ months: 12 });
    const event = await h.publish(EventTypes.LeaseActivated, lease);
    await h.redeliver(event);
    await h.redeliver(event);
    expect(await h.db.scheduledCharge.count({ where: { leaseId: lease.leaseId } })).toBe(12);
  });

  it("stores the lease with its late-fee rule and schedule, which a billing run then bills", async () => {
    const lease = h.lease({ months: 3, start: "2026-02-01" });
    await h.publish(EventTypes.LeaseActivated, lease);
    expect(await h.db.billingLease.findUnique({ where: { id: lease.leaseId } })).toMatchObject({
      siteId: h.siteId,
      customerId: lease.customerId,
      status: "active",
      timeZone: "Asia/Shanghai",
      lateFee: { graceDays: 5, dailyBasisPoints: 5, capBasisPoints: 2_000 },
    });
    await h.runTo("2026-03-01");
    expect((await h.billsOf(lease.leaseId)).map((b) => b.periodStart)).toEqual([
      "2026-02-01",
      "2026-03-01",
    ]);
  });

  it("refuses a schedule with amounts or dates beyond the bounds, storing nothing", async () => {
    const lease = h.lease({ months: 2 });
    lease.schedule[1] = { ...lease.schedule[1]!, amountMinor: 2 ** 53 - 1, dueDate: "2100-01-05" };
    const error = await failure(
      applyLeaseActivated(h.service.deps, {
        id: crypto.randomUUID(),
        type: EventTypes.LeaseActivated,
        orgId: h.hq.orgId,
        data: lease,
      }),
    );
    expect([error.kind, fieldsOf(error)]).toEqual([
      "invalid",
      ["schedule.1.dueDate", "schedule.1.amountMinor"],
    ]);
    expect(await h.db.billingLease.count({ where: { id: lease.leaseId } })).toBe(0);
  });
});
