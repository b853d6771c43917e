import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, type Harness, startHarness } from "./harness.ts";

// getDepositLedger (use-cases/get-deposit-ledger.ts): the ledger of a lease of the request's site;
// any other lease id is not found (it used to answer an empty ledger).
let h: Harness;

beforeAll(async () => {
  h = await startHarness("pay_deposit_ledger");
});

afterAll(async () => {
  await h?.close();
});

const ledger = (siteId: string, leaseId: string, caller = h.callers.hq) =>
  h.payments.GetDepositLedger({ siteId, leaseId }, { caller });

describe("getDepositLedger", () => {
  it("answers a lease of the site, and not found for any other lease id", async () => {
    const leaseA = await h.lease({ months: 12, rentMinor: 100_000 });
    const leaseB = await h.lease({ months: 12, rentMinor: 100_000, siteId: h.otherSiteId });
    expect(await ledger(h.siteId, leaseA.leaseId)).toEqual({ entries: [], heldMinor: 0 });
    await h.payments.RecordDeposit(
      {
        siteId: h.siteId,
        requestId: "usr_cashier_a:ledger-1",
        leaseId: leaseA.leaseId,
        customerId: leaseA.customerId,
        method: "PAYMENT_METHOD_CASH",
        amountMinor: 200_000,
        receivedAt: "2026-01-02T10:00:00+08:00",
      },
      { caller: h.callers.cashierA },
    );
    expect(await ledger(h.siteId, leaseA.leaseId, h.callers.cashierA)).toMatchObject({
      heldMinor: 200_000,
      entries: [{ type: "DEPOSIT_ENTRY_TYPE_RECEIVED", amountMinor: 200_000 }],
    });

    await expectError(ledger(h.siteId, "lea_does_not_exist"), "not_found");
    await expectError(ledger(h.siteId, leaseB.leaseId), "not_found");
    await expectError(ledger(h.otherSiteId, leaseA.leaseId), "not_found");
    await expectError(ledger(h.otherSiteId, leaseA.leaseId, h.callers.cashierB), "not_found");
    await expectError(ledger(h.siteId, leaseA.leaseId, h.callers.cashierB), "not_found");
    await expectError(ledger(h.siteId, "lea_\u0000"), "invalid", ["leaseId"]);
  });
});
