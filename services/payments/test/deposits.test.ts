import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, type Harness, startHarness } from "./harness.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness("pay_deposits");
});

afterAll(async () => {
  await h?.close();
});

let requests = 0;
const deposit = (
  leaseId: string,
  customerId: string,
  amountMinor: number,
  overrides: Record<string, unknown> = {},
) =>
  h.payments.RecordDeposit(
    {
      siteId: h.siteId,
      requestId: `usr_cashier_a:dep-${++requests}`,
      leaseId,
      customerId,
      method: "PAYMENT_METHOD_BANK_TRANSFER",
      amountMinor,
      receivedAt: "2026-01-02T10:00:00+08:00",
      reference: "押金 TX-9",
      ...overrides,
    },
    { caller: h.callers.cashierA },
  );
const ledger = (leaseId: string, caller = h.callers.hq) =>
  h.payments.GetDepositLedger({ siteId: h.siteId, leaseId }, { caller });
const settle = (leaseId: string, requestId: string, extra: Record<string, unknown> = {}) =>
  h.payments.SettleDeposit(
    {
      siteId: h.siteId,
      requestId,
      leaseId,
      refundMethod: "PAYMENT_METHOD_BANK_TRANSFER",
      note: "退租结算 move-out",
      ...extra,
    },
    { caller: h.callers.hq },
  );
const bill = (id: string) =>
  h.billing.GetBill({ siteId: h.siteId, id }, { caller: h.callers.hq }).then((r) => r.bill!);

describe("deposits", () => {
  it("holds what was received, with a ledger entry and event each, once per request id", async () => {
    const { leaseId, customerId } = await h.lease({ months: 12, rentMinor: 300_000 });
    const first = await deposit(leaseId, customerId, 600_000);
    expect(first).toMatchObject({
      entry: { type: "DEPOSIT_ENTRY_TYPE_RECEIVED", amountMinor: 600_000, actor: "usr_cashier_a" },
      heldMinor: 600_000,
    });
    const request = {
      siteId: h.siteId,
      requestId: "usr_cashier_a:dep-second",
      leaseId,
      customerId,
      method: "PAYMENT_METHOD_CASH" as const,
      amountMinor: 400_000,
      receivedAt: "2026-01-03T10:00:00+08:00",
    };
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        h.payments.RecordDeposit(request, { caller: h.callers.cashierA }),
      ),
    );
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(answers[0]!.heldMinor).toBe(1_000_000);
    await expectError(
      h.payments.RecordDeposit({ ...request, amountMinor: 1 }, { caller: h.callers.cashierA }),
      "conflict",
      ["requestId"],
    );
    const { entries, heldMinor } = await ledger(leaseId);
    expect(heldMinor).toBe(1_000_000);
    expect(entries.map((e) => e.amountMinor)).toEqual([600_000, 400_000]);
    await h.settled();
    const received = h.events.filter(
      (e) => e.type === "payments.deposit.received" && e.data.leaseId === leaseId,
    );
    expect(received.map((e) => e.data.heldMinor)).toEqual([600_000, 1_000_000]);
  });

  it("names bad fields, and keeps a lease to its customer and site", async () => {
    await expectError(
      h.payments.RecordDeposit(
        {
          siteId: h.siteId,
          requestId: "usr_x:bad",
          leaseId: "",
          customerId: "",
          method: "PAYMENT_METHOD_UNSPECIFIED",
          amountMinor: 0,
          receivedAt: "",
        },
        { caller: h.callers.hq },
      ),
      "invalid",
      ["leaseId", "customerId", "method", "amountMinor", "receivedAt"],
    );
    const owned = await h.lease({ months: 12, rentMinor: 50_000 });
    await deposit(owned.leaseId, owned.customerId, 100_000);
    const intruder = await h.customer();
    await expectError(deposit(owned.leaseId, intruder, 100_000), "not_found", ["customerId"]);
    await expectError(
      h.payments.GetDepositLedger(
        { siteId: h.siteId, leaseId: owned.leaseId },
        { caller: h.callers.cashierB },
      ),
      "not_found",
    );
    // Site B's path with site A's lease: not found either (it used to answer an empty ledger).
    await expectError(
      h.payments.GetDepositLedger(
        { siteId: h.otherSiteId, leaseId: owned.leaseId },
        { caller: h.callers.cashierB },
      ),
      "not_found",
    );
    // An ended lease that never received a deposit has nothing to settle.
    const ended = await h.lease({
      months: 1,
      leaseMonths: 2,
      rentMinor: 50_000,
      penalty: { kind: "none" },
    });
    await h.terminate(ended.leaseId, "2026-01-31");
    await expectError(settle(ended.leaseId, "usr_hq:s0"), "conflict", ["leaseId"]);
    await expectError(
      settle(owned.leaseId, "usr_hq:s-bad", { refundMethod: "PAYMENT_METHOD_UNSPECIFIED" }),
      "invalid",
      ["refundMethod"],
    );
  });

  it("applies the deposit to arrears, then refunds the rest; once", async () => {
    // Three months billed of a four-month lease, ended after the third: no penalty.
    const lease = await h.leaseWithBills({
      months: 3,
      leaseMonths: 4,
      rentMinor: 400_000,
      penalty: { kind: "none" },
    });
    // One month paid, two in arrears (800,000); 1,300,000 held.
    await h.payments.RecordPayment(
      {
        siteId: h.siteId,
        requestId: "usr_hq:pay-month-1",
        customerId: lease.customerId,
        leaseId: lease.leaseId,
        method: "PAYMENT_METHOD_CASH",
        amountMinor: 400_000,
        receivedAt: "2026-01-05T10:00:00+08:00",
      },
      { caller: h.callers.hq },
    );
    await deposit(lease.leaseId, lease.customerId, 1_300_000);
    await h.terminate(lease.leaseId, "2026-03-31");

    const settled = await settle(lease.leaseId, "usr_hq:settle-1");
    expect(settled).toMatchObject({
      appliedMinor: 800_000,
      refundedMinor: 500_000,
      forfeitedMinor: 0,
      allocations: [
        { billId: lease.billIds[1], amountMinor: 400_000 },
        { billId: lease.billIds[2], amountMinor: 400_000 },
      ],
    });
    expect(settled.entries.map((e) => [e.type, e.amountMinor, e.note])).toEqual([
      ["DEPOSIT_ENTRY_TYPE_APPLIED", -800_000, "退租结算 move-out"],
      ["DEPOSIT_ENTRY_TYPE_REFUNDED", -500_000, "退租结算 move-out"],
    ]);
    for (const id of lease.billIds) expect((await bill(id)).status).toBe("BILL_STATUS_PAID");
    const { openMinor } = await h.billing.GetLeaseBalance(
      { siteId: h.siteId, leaseId: lease.leaseId },
      { caller: h.callers.hq },
    );
    expect(openMinor).toBe(0);

    // Repeats answer the same; another request for the lease is refused; nothing more comes in.
    expect(await settle(lease.leaseId, "usr_hq:settle-1")).toEqual(settled);
    await expectError(settle(lease.leaseId, "usr_hq:settle-2"), "conflict", ["leaseId"]);
    await expectError(deposit(lease.leaseId, lease.customerId, 1), "conflict", ["leaseId"]);
    const book = await ledger(lease.leaseId);
    expect(book.heldMinor).toBe(0);
    expect(book.entries.map((e) => e.type)).toEqual([
      "DEPOSIT_ENTRY_TYPE_RECEIVED",
      "DEPOSIT_ENTRY_TYPE_APPLIED",
      "DEPOSIT_ENTRY_TYPE_REFUNDED",
    ]);

    await h.settled();
    const events = h.events.filter(
      (e) => e.data.leaseId === lease.leaseId && e.type.startsWith("payments.deposit."),
    );
    expect(events.map((e) => [e.type, e.data.amountMinor, e.data.heldMinor])).toEqual([
      ["payments.deposit.received", 1_300_000, 1_300_000],
      ["payments.deposit.applied", -800_000, 500_000],
      ["payments.deposit.refunded", -500_000, 0],
    ]);
  });

  it("forfeits what arrears do not take, when the terms say so, and settles a race once", async () => {
    const lease = await h.leaseWithBills({
      months: 1,
      leaseMonths: 2,
      rentMinor: 250_000,
      penalty: { kind: "none" },
    });
    await deposit(lease.leaseId, lease.customerId, 1_000_000);
    await h.terminate(lease.leaseId, "2026-01-31");
    const racers = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        settle(lease.leaseId, `usr_hq:forfeit-${i % 2}`, {
          forfeitRemainder: true,
          refundMethod: undefined,
        }),
      ),
    );
    const won = racers.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    expect(won).toHaveLength(5);
    for (const r of racers) if (r.status === "rejected") expect(r.reason.kind).toBe("conflict");
    for (const answer of won) {
      expect(answer).toMatchObject({
        appliedMinor: 250_000,
        refundedMinor: 0,
        forfeitedMinor: 750_000,
      });
    }
    const entries = await h.db.depositEntry.findMany({ where: { leaseId: lease.leaseId } });
    expect(entries.map((e) => [e.type, Number(e.amountMinor)]).sort()).toEqual(
      [
        ["applied", -250_000],
        ["forfeited", -750_000],
        ["received", 1_000_000],
      ].sort(),
    );
    expect((await bill(lease.billIds[0]!)).status).toBe("BILL_STATUS_PAID");
  });
});
