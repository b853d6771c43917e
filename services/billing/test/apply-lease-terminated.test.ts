import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyLeaseTerminated } from "../src/use-cases/apply-lease-terminated.ts";
import { EventTypes, failure, fieldsOf, type Harness, startHarness } from "./harness.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness("apply_lease_terminated");
});

afterAll(async () => {
  await h?.close();
});

const bills = (leaseId: string) => h.billsOf(leaseId);
const run = (targetDate: string) => h.runTo(targetDate);
const allocate = (paymentId: string, customerId: string, leaseId: string, amountMinor: number) =>
  h.billing.AllocatePayment(
    {
      siteId: h.siteId,
      paymentId,
      customerId,
      leaseId,
      amountMinor,
      currencyCode: "CNY",
      billIds: [],
      receivedAt: "2026-03-01T10:00:00+08:00",
    },
    { caller: h.hq },
  );

describe("applyLeaseTerminated", () => {
  it("settles a termination: credit for the unused part, no bills after, the penalty billed", async () => {
    const lease = h.lease({ months: 12 });
    await h.publish(EventTypes.LeaseActivated, lease);
    await run("2026-04-01");
    await allocate("pay_term", lease.customerId, lease.leaseId, 2_000_000);
    const event = await h.publish(EventTypes.LeaseTerminated, {
      leaseId: lease.leaseId,
      siteId: h.siteId,
      customerId: lease.customerId,
      unitIds: lease.unitIds,
      terminationDate: "2026-04-15",
      reason: "moving out",
      penaltyMinor: 1_000_000,
      depositMinor: 1_000_000,
      finalPeriods: [
        {
          feeCode: "rent",
          periodStart: "2026-04-01",
          originalEnd: "2026-04-30",
          newEnd: "2026-04-15",
          originalAmountMinor: 500_000,
          proratedAmountMinor: 250_000,
        },
      ],
      droppedPeriods: lease.schedule.filter((l) => l.periodStart > "2026-04-15"),
      // As contracts sends it: cut at the termination date, the final period prorated.
      schedule: lease.schedule
        .filter((l) => l.periodStart <= "2026-04-01")
        .map((l) =>
          l.periodStart === "2026-04-01"
            ? { ...l, periodEnd: "2026-04-15", amountMinor: 250_000, chargedDays: 15 }
            : l,
        ),
    });
    await run("2026-12-31");
    const after = await bills(lease.leaseId);
    expect(after.map((b) => [b.kind, b.periodStart])).toEqual([
      ["charge", "2026-01-01"],
      ["charge", "2026-02-01"],
      ["charge", "2026-03-01"],
      ["charge", "2026-04-01"],
      ["penalty", "2026-04-15"],
    ]);
    // April was paid in full; its credit note of 250,000 becomes prepayment, which pays the penalty.
    const penalty = after.find((b) => b.kind === "penalty")!;
    expect(penalty).toMatchObject({
      amountMinor: 1_000_000,
      allocatedMinor: 250_000,
      balanceMinor: 750_000,
    });
    // Delivered again: nothing is credited or billed twice.
    await h.redeliver(event);
    expect(
      (await bills(lease.leaseId)).map((b) => [b.kind, b.waivedMinor, b.allocatedMinor]),
    ).toEqual(after.map((b) => [b.kind, b.waivedMinor, b.allocatedMinor]));
  });

  it("refuses a penalty beyond the bounds or a reason that cannot be stored, changing nothing", async () => {
    const lease = h.lease({ months: 3 });
    await h.publish(EventTypes.LeaseActivated, lease);
    const termination = {
      leaseId: lease.leaseId,
      siteId: h.siteId,
      customerId: lease.customerId,
      unitIds: lease.unitIds,
      terminationDate: "2026-02-28",
      reason: "moving out\u0000",
      penaltyMinor: 100_000_000_001,
      depositMinor: 0,
      finalPeriods: [],
      droppedPeriods: [],
      schedule: lease.schedule.slice(0, 2),
    };
    const error = await failure(
      applyLeaseTerminated(h.service.deps, {
        id: crypto.randomUUID(),
        type: EventTypes.LeaseTerminated,
        orgId: h.hq.orgId,
        data: termination,
      }),
    );
    expect([error.kind, fieldsOf(error)]).toEqual(["invalid", ["penaltyMinor", "reason"]]);
    expect(
      (await h.db.billingLease.findUniqueOrThrow({ where: { id: lease.leaseId } })).status,
    ).toBe("active");
  });
});
