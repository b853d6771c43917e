import type { LeaseSnapshotV1 } from "@slms/contracts";
import { waitFor } from "@slms/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteOpeningBalances } from "../src/db/opening-balances.ts";
import { holdSiteLeases, removeLeases } from "../src/db/removed-leases.ts";
import { issueChunk } from "../src/db/run-sql.ts";
import { EventTypes, failure, fieldsOf, type Harness, startHarness } from "./harness.ts";
import { arrear, batchId, prepayment } from "./opening-balances.ts";

// rollBackImport (use-cases/roll-back-import.ts): a committed import's opening balances and
// billing's copy of its leases taken back whole, or refused once anything happened to them.
let h: Harness;

beforeAll(async () => {
  h = await startHarness("roll_back_import");
});

afterAll(async () => {
  await h?.close();
});

type Rows = { bills?: ReturnType<typeof arrear>[]; prepayments?: ReturnType<typeof prepayment>[] };
interface Named {
  leaseIds?: string[];
  customerIds?: string[];
}

const importBalances = (batch: string, rows: Rows) =>
  h.billing.ImportOpeningBalances(
    { siteId: h.siteId, batchId: batch, bills: [], prepayments: [], ...rows },
    { caller: h.hq },
  );
const release = (batch: string) =>
  h.billing.ReleaseImport({ siteId: h.siteId, batchId: batch }, { caller: h.hq });
const rollBack = (
  batch: string,
  named: Named,
  { checkOnly = false, caller = h.hq, siteId = h.siteId } = {},
) =>
  h.billing.RollBackImport(
    { siteId, batchId: batch, checkOnly, leaseIds: [], customerIds: [], ...named },
    { caller },
  );

/** A lease as contracts announces it, from June 2026 (nothing due before late May). */
const leaseFrom = (start = "2026-06-01", customerId?: string) =>
  h.lease({ months: 12, start, ...(customerId ? { customerId } : {}) });
const activate = (lease: LeaseSnapshotV1) => h.publish(EventTypes.LeaseActivated, lease);
let customers = 0;
const newCustomerId = () => `cus_rb_${++customers}`;

/**
 * A committed import: a lease (its activation heard, unless `heard` is false) with two opening
 * bills, and a customer of its own with an opening prepayment credit; released.
 */
async function committed({ heard = true } = {}) {
  const lease = leaseFrom();
  const creditor = newCustomerId();
  const batch = batchId();
  const answer = await importBalances(batch, {
    bills: [arrear(lease), arrear(lease, { feeCode: "management" })],
    prepayments: [prepayment(creditor)],
  });
  await release(batch);
  if (heard) await activate(lease);
  return {
    batch,
    lease,
    creditor,
    billIds: answer.bills.map((b) => b.id),
    creditIds: answer.prepayments.map((p) => p.id),
    named: { leaseIds: [lease.leaseId], customerIds: [lease.customerId, creditor] },
  };
}
type Committed = Awaited<ReturnType<typeof committed>>;

/** What billing holds of an import. */
async function holding(fx: Committed) {
  const leaseId = fx.lease.leaseId;
  return {
    lease: await h.db.billingLease.count({ where: { id: leaseId } }),
    lines: await h.db.scheduledCharge.count({ where: { leaseId } }),
    bills: await h.db.bill.count({ where: { leaseId } }),
    credits: await h.db.prepaymentEntry.count({ where: { id: { in: fx.creditIds } } }),
  };
}

const stateOf = async (batch: string) =>
  (
    await h.db.$queryRaw<{ state: string }[]>`
      SELECT state FROM import_batches WHERE batch_id = ${batch}`
  )[0]?.state;

/** The batch's `billing.import.rolled_back` events in the outbox. */
const rolledBack = async (batch: string) =>
  (
    await h.db.$queryRaw<{ data: Record<string, unknown> }[]>`
      SELECT data FROM outbox_messages
       WHERE type = 'billing.import.rolled_back' AND data->>'batchId' = ${batch}
       ORDER BY (data->>'part')::int`
  ).map((r) => r.data);

const issuedEventIds = async (billIds: readonly string[]) =>
  (
    await h.db.$queryRaw<{ id: string }[]>`
      SELECT id::text AS id FROM outbox_messages
       WHERE type = 'billing.bill.issued' AND data->>'billId' = ANY(${billIds}::text[])
       ORDER BY id`
  ).map((r) => r.id);

/** Refused as a conflict naming batchId, saying `what`; nothing removed, nothing announced. */
async function expectRefused(fx: Committed, what: RegExp | string) {
  const before = await holding(fx);
  const error = await failure(rollBack(fx.batch, fx.named));
  expect([error.kind, fieldsOf(error)]).toEqual(["conflict", ["batchId"]]);
  expect(error.details[0]!.message).toMatch(what);
  expect(await holding(fx)).toEqual(before);
  expect(before.lease).toBe(1);
  expect(await stateOf(fx.batch)).toBe("released");
  expect(await rolledBack(fx.batch)).toEqual([]);
  // Only checking is refused alike.
  const checked = await failure(rollBack(fx.batch, fx.named, { checkOnly: true }));
  expect([checked.kind, fieldsOf(checked)]).toEqual(["conflict", ["batchId"]]);
}

/** Something of the site waits on a lock (in this test's database). */
const somethingWaits = async () => {
  const [row] = await h.db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM pg_locks
     WHERE NOT granted
       AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`;
  return row!.n > 0;
};

/**
 * Runs `during` while a rollback's removal of the import (its lease lock held alone, as
 * use-cases/roll-back-import.ts holds it) is not committed yet; commits once `during` waits.
 */
async function whileRemoving<T>(fx: Committed, during: () => Promise<T>): Promise<T> {
  let removed!: () => void;
  const removing = new Promise<void>((resolve) => {
    removed = resolve;
  });
  let letCommit!: () => void;
  const commit = new Promise<void>((resolve) => {
    letCommit = resolve;
  });
  const rollback = h.db.$transaction(
    async (tx) => {
      await holdSiteLeases(tx, h.siteId);
      await deleteOpeningBalances(tx, fx.billIds, fx.creditIds);
      await removeLeases(tx, { orgId: h.hq.orgId, siteId: h.siteId, batchId: fx.batch }, [
        fx.lease.leaseId,
      ]);
      removed();
      await commit;
    },
    { timeout: 30_000 },
  );
  await removing;
  const result = during();
  // Without the lock it would not wait: commit anyway, and let the test's checks tell.
  await waitFor(somethingWaits, { timeoutMs: 2_000, description: "a writer to wait" }).catch(
    () => undefined,
  );
  letCommit();
  await rollback;
  return result;
}

const pay = (customerId: string, amountMinor: number, leaseId = "") =>
  h.billing.AllocatePayment(
    {
      siteId: h.siteId,
      paymentId: `pay_rb_${++customers}`,
      customerId,
      leaseId,
      amountMinor,
      currencyCode: "CNY",
      billIds: [],
      receivedAt: "2026-03-01T10:00:00+08:00",
    },
    { caller: h.hq },
  );

describe("RollBackImport", () => {
  it("removes the batch's bills and credits and billing's copy of its leases, and announces it", async () => {
    const fx = await committed();
    // The late-fee step marks the arrears overdue on the go-live day: no use of them.
    await h.billing.AccrueLateFees(
      { siteId: h.siteId, throughDate: "2026-03-01" },
      { caller: h.hq },
    );
    expect(await h.db.bill.count({ where: { id: { in: fx.billIds }, overdue: true } })).toBe(2);
    expect(await holding(fx)).toEqual({ lease: 1, lines: 12, bills: 2, credits: 1 });
    const eventIds = await issuedEventIds(fx.billIds);
    expect(eventIds).toHaveLength(2);

    expect(await rollBack(fx.batch, fx.named, { caller: h.staffAt(h.siteId) })).toEqual({
      state: "rolled_back",
    });
    expect(await holding(fx)).toEqual({ lease: 0, lines: 0, bills: 0, credits: 0 });
    expect(await stateOf(fx.batch)).toBe("rolled_back");
    const removed = await h.db.removedLease.findMany({ where: { leaseId: fx.lease.leaseId } });
    expect(removed).toMatchObject([{ siteId: h.siteId, batchId: fx.batch, orgId: h.hq.orgId }]);

    // Announced: the bills, the credit and the batch's events (in as few parts as hold them).
    const parts = await rolledBack(fx.batch);
    expect(parts).toEqual([
      {
        batchId: fx.batch,
        siteId: h.siteId,
        objects: { bill: [...fx.billIds].sort(), prepayment: fx.creditIds },
        eventIds,
        part: 1,
        parts: 1,
      },
    ]);
    await h.settled();
    const heard = h.events.filter(
      (e) =>
        e.type === EventTypes.BalancesImportRolledBack &&
        (e.data as { batchId: string }).batchId === fx.batch,
    );
    expect(heard).toHaveLength(1);

    // Again: nothing more.
    expect(await rollBack(fx.batch, fx.named)).toEqual({ state: "rolled_back" });
    expect(await rolledBack(fx.batch)).toHaveLength(1);

    // A billing run and the late-fee step later find nothing of it.
    await h.runTo("2027-06-30");
    await h.billing.AccrueLateFees(
      { siteId: h.siteId, throughDate: "2026-03-20" },
      { caller: h.hq },
    );
    expect(await holding(fx)).toEqual({ lease: 0, lines: 0, bills: 0, credits: 0 });
    expect(await h.db.lateFeeAccrual.count({ where: { billId: { in: fx.billIds } } })).toBe(0);
  });

  it("takes back the import settling itself: credit put against its opening bills as billing heard of the lease", async () => {
    const lease = leaseFrom();
    // A credit the customer held before the import (another import's, released long ago).
    const earlier = batchId();
    await importBalances(earlier, { prepayments: [prepayment(lease.customerId)] });
    await release(earlier);
    const batch = batchId();
    const answer = await importBalances(batch, {
      bills: [arrear(lease, { amountMinor: 120_000 })],
      prepayments: [prepayment(lease.customerId, { amountMinor: 30_000 })],
    });
    await release(batch);
    await activate(lease);
    await h.settled();
    // 500.00 held before + 300.00 of the import put against the 1,200.00 opening bill.
    const [bill] = await h.db.bill.findMany({
      where: { id: { in: answer.bills.map((b) => b.id) } },
    });
    expect(bill!.allocatedMinor).toBe(80_000n);
    const named = { leaseIds: [lease.leaseId], customerIds: [] };
    expect(await rollBack(batch, named)).toEqual({ state: "rolled_back" });
    expect(await h.db.bill.count({ where: { leaseId: lease.leaseId } })).toBe(0);
    expect(await h.db.allocation.count({ where: { billId: bill!.id } })).toBe(0);
    // The customer's credit is as before the import.
    const entries = await h.db.prepaymentEntry.findMany({
      where: { customerId: lease.customerId },
    });
    expect(entries.map((e) => [e.kind, e.amountMinor])).toEqual([["opening", 50_000n]]);
  });

  it("ignores the lease's events arriving after the rollback: an activation stores nothing", async () => {
    const fx = await committed({ heard: false });
    expect(await rollBack(fx.batch, fx.named)).toEqual({ state: "rolled_back" });

    const activated = await activate(fx.lease);
    expect(await holding(fx)).toEqual({ lease: 0, lines: 0, bills: 0, credits: 0 });
    const [inbox] = await h.db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM inbox_messages
       WHERE consumer = 'billing.leases' AND message_id = ${activated.id}::uuid`;
    expect(inbox!.n).toBe(1);
    // Later events of it find no lease to change, and change nothing either.
    await h.publish(EventTypes.LeaseAmended, {
      ...fx.lease,
      version: 2,
      effectiveFrom: "2026-07-01",
    });
    await h.publish(EventTypes.LeaseExpired, {
      leaseId: fx.lease.leaseId,
      siteId: h.siteId,
      customerId: fx.lease.customerId,
      unitIds: fx.lease.unitIds,
      endDate: fx.lease.endDate,
    });
    await h.runTo("2027-06-30");
    expect(await holding(fx)).toEqual({ lease: 0, lines: 0, bills: 0, credits: 0 });
  });

  it("only checks with checkOnly: answers released, removes and announces nothing", async () => {
    const fx = await committed();
    const before = await holding(fx);
    expect(await rollBack(fx.batch, fx.named, { checkOnly: true })).toEqual({ state: "released" });
    expect(await holding(fx)).toEqual(before);
    expect(await h.db.removedLease.count({ where: { leaseId: fx.lease.leaseId } })).toBe(0);
    expect(await stateOf(fx.batch)).toBe("released");
    expect(await rolledBack(fx.batch)).toEqual([]);
    expect(await rollBack(fx.batch, fx.named)).toEqual({ state: "rolled_back" });
  });

  it("answers unknown for a batch it had no rows of, and still takes its leases back", async () => {
    const lease = leaseFrom();
    await activate(lease);
    const batch = batchId();
    const named = { leaseIds: [lease.leaseId], customerIds: [lease.customerId] };
    const fx = { batch, lease, creditIds: [] as string[] } as unknown as Committed;
    expect(await rollBack(batch, named, { checkOnly: true })).toEqual({ state: "unknown" });
    expect((await holding(fx)).lease).toBe(1);
    expect(await rollBack(batch, named)).toEqual({ state: "unknown" });
    expect(await holding(fx)).toEqual({ lease: 0, lines: 0, bills: 0, credits: 0 });
    expect(await rollBack(batch, named)).toEqual({ state: "unknown" });
    await activate(lease);
    expect((await holding(fx)).lease).toBe(0);
    expect(await rolledBack(batch)).toEqual([]);
  });

  it("refuses once an opening bill was paid", async () => {
    const fx = await committed();
    await pay(fx.lease.customerId, 1_000);
    await expectRefused(fx, /opening bill bil_\w+ had money put against it/);
  });

  it("refuses once an opening bill was waived", async () => {
    const fx = await committed();
    await h.billing.RequestWaiver(
      { siteId: h.siteId, billId: fx.billIds[0]!, amountMinor: 10_000, reason: "goodwill" },
      { caller: h.hq },
    );
    await expectRefused(fx, `opening bill ${fx.billIds[0]} had a waiver or credit note`);
  });

  it("refuses once an opening bill was charged a late fee", async () => {
    const fx = await committed();
    await h.billing.AccrueLateFees(
      { siteId: h.siteId, throughDate: "2026-03-05" },
      { caller: h.hq },
    );
    await expectRefused(fx, /opening bill bil_\w+ was charged late fees, has related bills/);
  });

  it("refuses once an opening prepayment was spent", async () => {
    const fx = await committed();
    await h.billing.WithdrawPrepayment(
      {
        siteId: h.siteId,
        customerId: fx.creditor,
        leaseId: "",
        amountMinor: 100,
        reference: `ref_${fx.batch}`,
        reason: "refunded in cash",
      },
      { caller: h.hq },
    );
    await expectRefused(
      fx,
      `opening prepayment ${fx.creditIds[0]} of customer ${fx.creditor} was spent since`,
    );
  });

  it("refuses once a billing run billed one of its leases", async () => {
    const fx = await committed();
    await h.runTo("2026-06-01");
    await expectRefused(
      fx,
      new RegExp(
        `lease ${fx.lease.leaseId} was billed since: bill bil_\\w+ \\(a billing run's charge\\)`,
      ),
    );
  });

  it("refuses once a lease event billed one of its leases (a termination's penalty)", async () => {
    const fx = await committed();
    await h.publish(EventTypes.LeaseTerminated, {
      leaseId: fx.lease.leaseId,
      siteId: h.siteId,
      customerId: fx.lease.customerId,
      unitIds: fx.lease.unitIds,
      terminationDate: "2026-05-31",
      reason: "never moved in",
      penaltyMinor: 1_000_000,
      depositMinor: 0,
      finalPeriods: [],
      droppedPeriods: fx.lease.schedule,
      schedule: [],
    });
    await expectRefused(fx, new RegExp(`lease ${fx.lease.leaseId} was billed since: .*a penalty`));
  });

  it("refuses once one of its customers was billed for another lease", async () => {
    const fx = await committed();
    await activate(leaseFrom("2026-03-01", fx.lease.customerId));
    await h.runTo("2026-03-01");
    await expectRefused(
      fx,
      new RegExp(`customer ${fx.lease.customerId} was billed since: .*a billing run's charge`),
    );
  });

  it("refuses once one of its customers has a prepayment entry not of the import", async () => {
    const fx = await committed();
    await pay(fx.creditor, 5_000);
    await expectRefused(
      fx,
      new RegExp(`customer ${fx.creditor} has a prepayment entry not of the import: overpayment`),
    );
  });

  it("waits for a billing run's chunk billing its lease, then refuses", async () => {
    const fx = await committed();
    let billed!: () => void;
    const chunkBilled = new Promise<void>((resolve) => {
      billed = resolve;
    });
    let letChunkCommit!: () => void;
    const commit = new Promise<void>((resolve) => {
      letChunkCommit = resolve;
    });
    // A run's chunk that billed the lease and has not committed yet.
    const chunk = h.db.$transaction(
      async (tx) => {
        const result = await issueChunk(
          tx,
          {
            orgId: h.hq.orgId,
            siteId: h.siteId,
            target: "2026-06-01",
            runId: "brn_racing",
            actor: "usr_hq",
            traceparent: null,
          },
          1_000,
          null,
        );
        billed();
        await commit;
        return result;
      },
      { timeout: 30_000 },
    );
    await chunkBilled;
    const rollback = failure(rollBack(fx.batch, fx.named));
    // The rollback waits for the site's lease lock the chunk holds shared.
    await waitFor(
      async () => {
        const [row] = await h.db.$queryRaw<{ n: number }[]>`
          SELECT count(*)::int AS n FROM pg_locks
           WHERE locktype = 'advisory' AND NOT granted
             AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`;
        return row!.n > 0;
      },
      { timeoutMs: 4_000, description: "the rollback to wait for the chunk" },
    );
    letChunkCommit();
    expect((await chunk).inserted).toBeGreaterThan(0);
    const error = await rollback;
    expect([error.kind, fieldsOf(error)]).toEqual(["conflict", ["batchId"]]);
    expect(error.details[0]!.message).toMatch(`lease ${fx.lease.leaseId} was billed since`);
    expect((await holding(fx)).lease).toBe(1);
  });

  it("keeps an activation arriving while the rollback runs from storing the lease", async () => {
    const fx = await committed({ heard: false });
    await whileRemoving(fx, () => activate(fx.lease));
    expect(await holding(fx)).toEqual({ lease: 0, lines: 0, bills: 0, credits: 0 });
  });

  it("keeps the late-fee step running while the rollback runs from charging its bills", async () => {
    const fx = await committed();
    await whileRemoving(fx, () =>
      h.billing.AccrueLateFees({ siteId: h.siteId, throughDate: "2026-03-05" }, { caller: h.hq }),
    );
    expect(await holding(fx)).toEqual({ lease: 0, lines: 0, bills: 0, credits: 0 });
    expect(await h.db.lateFeeAccrual.count({ where: { billId: { in: fx.billIds } } })).toBe(0);
  });

  it("refuses a held batch, naming batchId, and removes nothing", async () => {
    const lease = leaseFrom();
    const batch = batchId();
    await importBalances(batch, { bills: [arrear(lease)] });
    const error = await failure(rollBack(batch, { leaseIds: [lease.leaseId] }));
    expect([error.kind, fieldsOf(error)]).toEqual(["conflict", ["batchId"]]);
    expect(await h.db.bill.count({ where: { leaseId: lease.leaseId } })).toBe(1);
    expect(await h.db.removedLease.count({ where: { leaseId: lease.leaseId } })).toBe(0);
  });

  it("keeps to the caller's sites, the batch's site and the site's leases", async () => {
    const fx = await committed();
    const outside = await failure(
      rollBack(fx.batch, fx.named, { caller: h.staffAt(h.otherSiteId) }),
    );
    expect(outside.kind).toBe("not_found");
    const elsewhere = await failure(rollBack(fx.batch, fx.named, { siteId: h.otherSiteId }));
    expect([elsewhere.kind, fieldsOf(elsewhere)]).toEqual(["conflict", ["batchId"]]);
    const otherOrg = await failure(
      rollBack(fx.batch, fx.named, { caller: { ...h.hq, orgId: "org_x" } }),
    );
    expect([otherOrg.kind, fieldsOf(otherOrg)]).toEqual(["conflict", ["batchId"]]);

    const there = h.lease({ months: 12, site: h.otherSiteId });
    await activate(there);
    const foreign = await failure(
      rollBack(fx.batch, { ...fx.named, leaseIds: [fx.lease.leaseId, there.leaseId] }),
    );
    expect([foreign.kind, fieldsOf(foreign)]).toEqual(["not_found", ["leaseIds"]]);
    expect(await h.db.billingLease.count({ where: { id: there.leaseId } })).toBe(1);
    expect((await holding(fx)).lease).toBe(1);
    expect(await stateOf(fx.batch)).toBe("released");
  });

  it("validates the ids it is given", async () => {
    const fx = await committed();
    const many = Array.from({ length: 10_001 }, (_, i) => `lea_${i}`);
    const tooMany = await failure(rollBack(fx.batch, { leaseIds: many }));
    expect([tooMany.kind, fieldsOf(tooMany)]).toEqual(["invalid", ["leaseIds"]]);
    const blank = await failure(rollBack(fx.batch, { customerIds: [""] }));
    expect([blank.kind, fieldsOf(blank)]).toEqual(["invalid", ["customerIds.0"]]);
    const noBatch = await failure(rollBack("", fx.named));
    expect([noBatch.kind, fieldsOf(noBatch)]).toEqual(["invalid", ["batchId"]]);
    expect((await holding(fx)).lease).toBe(1);
  });
});
