import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure, fieldsOf, type Harness, startHarness } from "./harness.ts";
import { arrear, batchId, issuedFor, prepayment } from "./opening-balances.ts";

// discardImport (use-cases/discard-import.ts): what a batch made removed, its events dropped.
let h: Harness;

beforeAll(async () => {
  h = await startHarness("discard_import");
});

afterAll(async () => {
  await h?.close();
});

const discard = (batch: string, caller = h.hq, siteId = h.siteId) =>
  h.billing.DiscardImport({ siteId, batchId: batch }, { caller });
const importBalances = (
  batch: string,
  rows: { bills?: ReturnType<typeof arrear>[]; prepayments?: ReturnType<typeof prepayment>[] },
) =>
  h.billing.ImportOpeningBalances(
    { siteId: h.siteId, batchId: batch, bills: [], prepayments: [], ...rows },
    { caller: h.hq },
  );
let leases = 0;
const newLease = () => ({ leaseId: `lea_dis_${++leases}`, customerId: `cus_dis_${leases}` });
/** The `billing.bill.issued` of these bills in the outbox (held, or published). */
const issuedIn = async (billIds: readonly string[]) => {
  const [row] = await h.db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM outbox_messages
     WHERE type = 'billing.bill.issued' AND data->>'billId' = ANY(${billIds}::text[])`;
  return row!.n;
};

describe("DiscardImport", () => {
  it("removes the batch's bills and credits and drops their events, never published", async () => {
    const lease = newLease();
    const batch = batchId();
    const answer = await importBalances(batch, {
      bills: [arrear(lease), arrear(lease, { feeCode: "management" })],
      prepayments: [prepayment(lease.customerId, { leaseId: lease.leaseId })],
    });
    const billIds = answer.bills.map((b) => b.id);
    expect(await issuedIn(billIds)).toBe(2);

    expect(await discard(batch, h.staffAt(h.siteId))).toEqual({ state: "discarded" });
    expect(await h.db.bill.count({ where: { leaseId: lease.leaseId } })).toBe(0);
    expect(await h.db.prepaymentEntry.count({ where: { customerId: lease.customerId } })).toBe(0);
    expect(await issuedIn(billIds)).toBe(0);
    await h.settled();
    expect(issuedFor(h, billIds)).toEqual([]);

    // Again: nothing more. The batch takes no more rows and cannot be released.
    expect(await discard(batch)).toEqual({ state: "discarded" });
    const late = await failure(importBalances(batch, { bills: [arrear(lease)] }));
    expect([late.kind, fieldsOf(late)]).toEqual(["conflict", ["batchId"]]);
    const released = await failure(
      h.billing.ReleaseImport({ siteId: h.siteId, batchId: batch }, { caller: h.hq }),
    );
    expect([released.kind, fieldsOf(released)]).toEqual(["conflict", ["batchId"]]);
    // The same rows in a new batch are welcome: nothing of the discarded one is in the way.
    await importBalances(batchId(), {
      bills: [arrear(lease)],
      prepayments: [prepayment(lease.customerId)],
    });
  });

  it("records a batch it never heard of discarded, so its rows arriving late are refused", async () => {
    const batch = batchId();
    expect(await discard(batch)).toEqual({ state: "discarded" });
    const late = await failure(importBalances(batch, { bills: [arrear(newLease())] }));
    expect([late.kind, fieldsOf(late)]).toEqual(["conflict", ["batchId"]]);
  });

  it("refuses a released batch, naming batchId, and removes nothing", async () => {
    const lease = newLease();
    const batch = batchId();
    await importBalances(batch, { bills: [arrear(lease)] });
    await h.billing.ReleaseImport({ siteId: h.siteId, batchId: batch }, { caller: h.hq });
    const error = await failure(discard(batch));
    expect([error.kind, fieldsOf(error)]).toEqual(["conflict", ["batchId"]]);
    expect(await h.db.bill.count({ where: { leaseId: lease.leaseId } })).toBe(1);
  });

  it("refuses once a bill was paid or a credit spent since, naming batchId, and removes nothing", async () => {
    // A customer of the site: billing knows it from the imported bills alone.
    const paidLease = newLease();
    const paidBatch = batchId();
    const paid = await importBalances(paidBatch, { bills: [arrear(paidLease)] });
    await h.billing.AllocatePayment(
      {
        siteId: h.siteId,
        paymentId: `pay_${paidBatch}`,
        customerId: paidLease.customerId,
        leaseId: "",
        amountMinor: 1_000,
        currencyCode: "CNY",
        billIds: [],
        receivedAt: "2026-02-01T10:00:00+08:00",
      },
      { caller: h.hq },
    );
    const refused = await failure(discard(paidBatch));
    expect([refused.kind, fieldsOf(refused)]).toEqual(["conflict", ["batchId"]]);
    expect(await h.db.bill.count({ where: { id: paid.bills[0]!.id } })).toBe(1);
    expect(await issuedIn([paid.bills[0]!.id])).toBe(1);

    const spentLease = newLease();
    const spentBatch = batchId();
    await importBalances(spentBatch, { prepayments: [prepayment(spentLease.customerId)] });
    await h.billing.WithdrawPrepayment(
      {
        siteId: h.siteId,
        customerId: spentLease.customerId,
        leaseId: "",
        amountMinor: 100,
        reference: `ref_${spentBatch}`,
        reason: "refunded in cash",
      },
      { caller: h.hq },
    );
    const spent = await failure(discard(spentBatch));
    expect([spent.kind, fieldsOf(spent)]).toEqual(["conflict", ["batchId"]]);
    expect(
      await h.db.prepaymentEntry.count({
        where: { customerId: spentLease.customerId, kind: "opening" },
      }),
    ).toBe(1);
  });

  it("keeps to the caller's sites and the batch's site", async () => {
    const lease = newLease();
    const batch = batchId();
    await importBalances(batch, { bills: [arrear(lease)] });
    const outside = await failure(discard(batch, h.staffAt(h.otherSiteId)));
    expect(outside.kind).toBe("not_found");
    const elsewhere = await failure(discard(batch, h.hq, h.otherSiteId));
    expect([elsewhere.kind, fieldsOf(elsewhere)]).toEqual(["conflict", ["batchId"]]);
    expect(await h.db.bill.count({ where: { leaseId: lease.leaseId } })).toBe(1);
  });
});
