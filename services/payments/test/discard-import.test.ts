import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, type Harness, startHarness } from "./harness.ts";
import { batchId, deposit, receivedFor } from "./import-rows.ts";

// discardImport (use-cases/discard-import.ts): what a batch made removed, its events dropped.
let h: Harness;

beforeAll(async () => {
  h = await startHarness("pay_discard_import", { billing: "down" });
});

afterAll(async () => {
  await h?.close();
});

const discard = (batch: string, caller = h.callers.hq, siteId = h.siteId) =>
  h.payments.DiscardImport({ siteId, batchId: batch }, { caller });
const importDeposits = async (batch: string, rows: ReturnType<typeof deposit>[]) =>
  (
    await h.payments.ImportDeposits(
      { siteId: h.siteId, batchId: batch, deposits: rows },
      { caller: h.callers.hq },
    )
  ).deposits.map((d) => d.id);
let leases = 0;
const newLease = () => ({ leaseId: `lea_dis_${++leases}`, customerId: `cus_dis_${leases}` });
/** The `payments.deposit.received` of these entries in the outbox (held, or published). */
const eventsIn = async (entryIds: readonly string[]) => {
  const [row] = await h.db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM outbox_messages
     WHERE type = 'payments.deposit.received' AND data->>'entryId' = ANY(${entryIds}::text[])`;
  return row!.n;
};

describe("DiscardImport", () => {
  it("removes the batch's entries and the accounts they opened, and drops their events", async () => {
    const lease = newLease();
    const batch = batchId();
    const ids = await importDeposits(batch, [deposit(lease), deposit(lease), deposit(newLease())]);
    expect(await eventsIn(ids)).toBe(3);

    expect(await discard(batch, h.callers.cashierA)).toEqual({ state: "discarded" });
    expect(await h.db.depositEntry.count({ where: { id: { in: ids } } })).toBe(0);
    expect(await h.db.depositAccount.count({ where: { leaseId: lease.leaseId } })).toBe(0);
    expect(await eventsIn(ids)).toBe(0);
    await h.settled();
    expect(receivedFor(h, ids)).toEqual([]);

    // Again: nothing more. The batch takes no more rows and cannot be released.
    expect(await discard(batch)).toEqual({ state: "discarded" });
    await expectError(importDeposits(batch, [deposit(lease)]), "conflict", ["batchId"]);
    await expectError(
      h.payments.ReleaseImport({ siteId: h.siteId, batchId: batch }, { caller: h.callers.hq }),
      "conflict",
      ["batchId"],
    );
    // The lease's deposit can be imported again (for another customer, even): nothing is left.
    await importDeposits(batchId(), [deposit({ ...lease, customerId: "cus_corrected" })]);
  });

  it("records a batch it never heard of discarded, so its rows arriving late are refused", async () => {
    const batch = batchId();
    expect(await discard(batch)).toEqual({ state: "discarded" });
    await expectError(importDeposits(batch, [deposit(newLease())]), "conflict", ["batchId"]);
  });

  it("refuses a released batch, naming batchId, and removes nothing", async () => {
    const batch = batchId();
    const ids = await importDeposits(batch, [deposit(newLease())]);
    await h.payments.ReleaseImport({ siteId: h.siteId, batchId: batch }, { caller: h.callers.hq });
    await expectError(discard(batch), "conflict", ["batchId"]);
    expect(await h.db.depositEntry.count({ where: { id: { in: ids } } })).toBe(1);
  });

  it("refuses once a lease took another deposit since, naming batchId, and removes nothing", async () => {
    // A real lease: RecordDeposit asks contracts and customers about it.
    const lease = await h.lease({ months: 12, rentMinor: 100_000 });
    const batch = batchId();
    const ids = await importDeposits(batch, [deposit(lease)]);
    await h.payments.RecordDeposit(
      {
        siteId: h.siteId,
        requestId: `usr_cashier_a:${randomUUID()}`,
        leaseId: lease.leaseId,
        customerId: lease.customerId,
        method: "PAYMENT_METHOD_CASH",
        amountMinor: 1_000,
        receivedAt: new Date(Date.now() - 60_000).toISOString(),
        reference: "",
      },
      { caller: h.callers.cashierA },
    );
    await expectError(discard(batch), "conflict", ["batchId"]);
    expect(await h.db.depositEntry.count({ where: { leaseId: lease.leaseId } })).toBe(2);
    expect(await eventsIn(ids)).toBe(1);
  });

  it("keeps to the caller's sites and the batch's site", async () => {
    const batch = batchId();
    const ids = await importDeposits(batch, [deposit(newLease())]);
    await expectError(discard(batch, h.callers.cashierB), "not_found");
    await expectError(discard(batch, h.callers.hq, h.otherSiteId), "conflict", ["batchId"]);
    await expectError(discard(batch, h.callers.otherOrg), "conflict", ["batchId"]);
    expect(await h.db.depositEntry.count({ where: { id: { in: ids } } })).toBe(1);
  });
});
