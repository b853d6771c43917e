import type { BillBalanceChangedV1 } from "@slms/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventTypes, type Harness, startHarness } from "./harness.ts";

// Every move of a bill's money announces the bill after it, one version on: what reporting
// keeps receivables, collection and revenue from.
let h: Harness;

beforeAll(async () => {
  h = await startHarness("bill_balance_events");
});

afterAll(async () => {
  await h?.close();
});

const changesOf = (billId: string) =>
  h.events
    .filter((e) => e.type === EventTypes.BillBalanceChanged)
    .map((e) => e.data as BillBalanceChangedV1)
    .filter((d) => d.billId === billId)
    .sort((a, b) => a.version - b.version);

const pay = (
  lease: { leaseId: string; customerId: string },
  paymentId: string,
  amountMinor: number,
  receivedAt: string,
) =>
  h.billing.AllocatePayment(
    {
      siteId: h.siteId,
      paymentId,
      customerId: lease.customerId,
      leaseId: lease.leaseId,
      amountMinor,
      currencyCode: "CNY",
      billIds: [],
      receivedAt,
    },
    { caller: h.hq },
  );

describe("billing.bill.balance_changed", () => {
  it("follows allocations, a reversal and a waiver with versions, deltas and the state after", async () => {
    const lease = h.lease({ months: 1 });
    await h.publish(EventTypes.LeaseActivated, lease);
    await h.runTo("2026-01-01");
    const [bill] = await h.billsOf(lease.leaseId);
    expect(bill!.amountMinor).toBe(500_000);

    await pay(lease, "pay_bal_1", 200_000, "2026-01-03T10:00:00+08:00");
    await pay(lease, "pay_bal_2", 100_000, "2026-01-04T09:30:00+08:00");
    await h.billing.ReverseAllocation(
      { siteId: h.siteId, paymentId: "pay_bal_1", reason: "bounced" },
      { caller: h.hq },
    );
    await h.billing.RequestWaiver(
      { siteId: h.siteId, billId: bill!.id, amountMinor: 50_000, reason: "goodwill" },
      { caller: h.hq },
    );
    await h.settled();

    const changes = changesOf(bill!.id);
    expect(
      changes.map((c) => [
        c.version,
        c.change,
        c.amountDeltaMinor,
        c.allocatedDeltaMinor,
        c.waivedDeltaMinor,
        c.allocatedMinor,
        c.waivedMinor,
      ]),
    ).toEqual([
      [1, "allocated", 0, 200_000, 0, 200_000, 0],
      [2, "allocated", 0, 100_000, 0, 300_000, 0],
      [3, "unallocated", 0, -200_000, 0, 100_000, 0],
      [4, "waived", 0, 0, 50_000, 100_000, 50_000],
    ]);
    // An allocation takes effect when the money was received, not when it was entered.
    expect(changes[0]!.at).toBe("2026-01-03T02:00:00.000Z");
    expect(changes[1]!.at).toBe("2026-01-04T01:30:00.000Z");
    expect(changes.every((c) => c.amountMinor === 500_000 && c.dueDate === bill!.dueDate)).toBe(
      true,
    );
    // The bill's own version is the newest event's.
    const row = await h.db.bill.findUniqueOrThrow({ where: { id: bill!.id } });
    expect(row.version).toBe(4);
    expect(Number(row.allocatedMinor)).toBe(100_000);
  });

  it("is not sent when nothing moved: a payment larger than the bills leaves the rest as prepayment", async () => {
    const lease = h.lease({ months: 1 });
    await h.publish(EventTypes.LeaseActivated, lease);
    await h.runTo("2026-01-01");
    const [bill] = await h.billsOf(lease.leaseId);
    await pay(lease, "pay_bal_3", 700_000, "2026-01-02T10:00:00+08:00");
    await h.settled();
    const changes = changesOf(bill!.id);
    expect(changes.map((c) => [c.version, c.change, c.allocatedDeltaMinor])).toEqual([
      [1, "allocated", 500_000],
    ]);
  });
});
