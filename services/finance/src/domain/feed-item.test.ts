import { type BillBalanceChangedV1, EventTypes } from "@slms/contracts";
import { newEvent } from "@slms/db";
import { describe, expect, it } from "vitest";
import { feedItemOf } from "./feed-item.ts";

const balanceChange = (
  change: BillBalanceChangedV1["change"],
  deltas: { amount: number; allocated: number; waived: number },
) =>
  newEvent(EventTypes.BillBalanceChanged, { orgId: "org_1", siteId: "sit_1", actor: "usr_1" }, {
    billId: "bil_1",
    siteId: "sit_1",
    leaseId: null,
    customerId: "cus_1",
    feeCode: "LATE_FEE",
    kind: "late_fee",
    periodStart: "2026-02-01",
    periodEnd: "2026-02-28",
    issueDate: "2026-02-10",
    dueDate: "2026-02-10",
    currency: "CNY",
    version: 2,
    change,
    at: "2026-02-12T00:00:00.000Z",
    amountMinor: 10_000,
    allocatedMinor: 0,
    waivedMinor: 0,
    amountDeltaMinor: deltas.amount,
    allocatedDeltaMinor: deltas.allocated,
    waivedDeltaMinor: deltas.waived,
  } satisfies BillBalanceChangedV1);

describe("feedItemOf: a balance change moves the balance by amount Δ − allocated Δ − waived Δ", () => {
  it.each([
    ["allocated", { amount: 0, allocated: 3_000, waived: 0 }, -3_000],
    ["unallocated", { amount: 0, allocated: -3_000, waived: 0 }, 3_000],
    ["waived", { amount: 0, allocated: 0, waived: 1_000 }, -1_000],
    ["resized", { amount: 500, allocated: 0, waived: 0 }, 500],
    ["resized", { amount: -500, allocated: 0, waived: 0 }, -500],
  ] as const)("%s %j → %i", (change, deltas, expected) => {
    expect(feedItemOf(balanceChange(change, deltas))).toMatchObject({
      kind: "bill.balance_changed",
      amountMinor: expected,
      leaseId: null,
    });
  });

  it("keeps no other type, nor a version it does not know", () => {
    const scope = { orgId: "org_1", siteId: "sit_1", actor: "usr_1" };
    expect(feedItemOf(newEvent(EventTypes.BillPaid, scope, {}))).toBeNull();
    const v2 = { ...balanceChange("waived", { amount: 0, allocated: 0, waived: 1 }), version: 2 };
    expect(feedItemOf(v2)).toBeNull();
  });
});
