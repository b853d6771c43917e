import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventTypes, type Harness, startHarness } from "./harness.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness("apply_lease_renewed");
});

afterAll(async () => {
  await h?.close();
});

describe("applyLeaseRenewed", () => {
  it("stores the successor and its schedule: billing runs bill both leases on, each once", async () => {
    const first = h.lease({ months: 2, start: "2026-01-01" });
    await h.publish(EventTypes.LeaseActivated, first);
    const successor = {
      ...h.lease({ months: 2, start: "2026-03-01", customerId: first.customerId }),
      unitIds: first.unitIds,
      predecessorId: first.leaseId,
    };
    const event = await h.publish(EventTypes.LeaseRenewed, successor);
    await h.redeliver(event);
    expect(await h.db.billingLease.findUnique({ where: { id: successor.leaseId } })).toMatchObject({
      customerId: first.customerId,
      status: "active",
    });
    expect(await h.db.scheduledCharge.count({ where: { leaseId: successor.leaseId } })).toBe(2);
    await h.runTo("2026-04-30");
    expect((await h.billsOf(first.leaseId)).map((b) => b.periodStart)).toEqual([
      "2026-01-01",
      "2026-02-01",
    ]);
    expect((await h.billsOf(successor.leaseId)).map((b) => b.periodStart)).toEqual([
      "2026-03-01",
      "2026-04-01",
    ]);
  });

  it("lets the customer's prepayment settle the successor's first bills", async () => {
    const first = h.lease({ months: 1, start: "2026-01-01" });
    await h.publish(EventTypes.LeaseActivated, first);
    await h.runTo("2026-01-01");
    // January's 500,000 and 100,000 over, kept as prepayment of the customer.
    await h.billing.AllocatePayment(
      {
        siteId: h.siteId,
        paymentId: "pay_renewal",
        customerId: first.customerId,
        leaseId: "",
        amountMinor: 600_000,
        currencyCode: "CNY",
        billIds: [],
        receivedAt: "2026-01-02T10:00:00+08:00",
      },
      { caller: h.hq },
    );
    const successor = {
      ...h.lease({ months: 1, start: "2026-02-01", customerId: first.customerId }),
      predecessorId: first.leaseId,
    };
    await h.publish(EventTypes.LeaseRenewed, successor);
    await h.runTo("2026-02-01");
    const [february] = await h.billsOf(successor.leaseId);
    expect(february).toMatchObject({ allocatedMinor: 100_000, balanceMinor: 400_000 });
  });
});
