import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, type Harness, startHarness } from "./harness.ts";

// settleDeposit (use-cases/settle-deposit.ts): only for a lease of the site that has ended
// (terminated or expired); the deposit goes to the lease's open bills first, the rest is refunded.
let h: Harness;

beforeAll(async () => {
  h = await startHarness("pay_settle_deposit");
});

afterAll(async () => {
  await h?.close();
});

const deposit = (lease: { leaseId: string; customerId: string }, amountMinor: number) =>
  h.payments.RecordDeposit(
    {
      siteId: h.siteId,
      requestId: `usr_cashier_a:${randomUUID()}`,
      leaseId: lease.leaseId,
      customerId: lease.customerId,
      method: "PAYMENT_METHOD_CASH",
      amountMinor,
      receivedAt: "2026-01-02T10:00:00+08:00",
    },
    { caller: h.callers.cashierA },
  );
const settle = (leaseId: string, extra: Record<string, unknown> = {}, siteId = h.siteId) =>
  h.payments.SettleDeposit(
    {
      siteId,
      requestId: `usr_hq:${randomUUID()}`,
      leaseId,
      refundMethod: "PAYMENT_METHOD_BANK_TRANSFER",
      note: "退租结算",
      ...extra,
    },
    { caller: h.callers.hq },
  );

describe("settleDeposit", () => {
  it("refuses a lease that has not ended, writing nothing", async () => {
    const active = await h.lease({ months: 12, rentMinor: 100_000 });
    const draft = await h.lease({ months: 12, rentMinor: 100_000, activate: false });
    for (const [lease, status] of [
      [active, "active"],
      [draft, "draft"],
    ] as const) {
      await deposit(lease, 200_000);
      const error = await expectError(settle(lease.leaseId), "conflict", ["leaseId"]);
      expect(error.message).toContain(`the lease is still ${status}`);
      const ledger = await h.payments.GetDepositLedger(
        { siteId: h.siteId, leaseId: lease.leaseId },
        { caller: h.callers.hq },
      );
      expect(ledger.heldMinor).toBe(200_000);
      expect(ledger.entries).toHaveLength(1);
    }
    expect(await h.db.depositSettlement.count()).toBe(0);
  });

  it("refuses a lease that does not exist or is of another site", async () => {
    await expectError(settle("lea_nobody"), "not_found");
    const leaseB = await h.lease({ months: 12, rentMinor: 100_000, siteId: h.otherSiteId });
    await expectError(settle(leaseB.leaseId), "not_found");
    const leaseA = await h.lease({ months: 12, rentMinor: 100_000 });
    await expectError(settle(leaseA.leaseId, {}, h.otherSiteId), "not_found");
    await expectError(settle(leaseA.leaseId, { note: "退租\u0000" }), "invalid", ["note"]);
  });

  it("applies the deposit to the ended lease's open bills first — the penalty too — and refunds the rest", async () => {
    const lease = await h.leaseWithBills({
      months: 3,
      leaseMonths: 12,
      rentMinor: 300_000,
      penalty: { kind: "fixed", amountMinor: 100_000 },
    });
    await deposit(lease, 1_200_000);
    await h.terminate(lease.leaseId, "2026-03-31");
    const bills = await h.billing.ListBills(
      { siteId: h.siteId, leaseId: lease.leaseId, pageSize: 50 },
      { caller: h.callers.hq },
    );
    const penalty = bills.bills.find((b) => b.kind === "penalty");
    expect(penalty).toMatchObject({ amountMinor: 100_000 });

    const settled = await settle(lease.leaseId);
    expect(settled).toMatchObject({ appliedMinor: 1_000_000, refundedMinor: 200_000 });
    expect(settled.allocations.map((a) => a.billId).sort()).toEqual(
      [...lease.billIds, penalty!.id].sort(),
    );
    const { openMinor } = await h.billing.GetLeaseBalance(
      { siteId: h.siteId, leaseId: lease.leaseId },
      { caller: h.callers.hq },
    );
    expect(openMinor).toBe(0);
  });
});
