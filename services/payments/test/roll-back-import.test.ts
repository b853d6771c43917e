import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, type Harness, startHarness } from "./harness.ts";
import { batchId, deposit } from "./import-rows.ts";

// rollBackImport (use-cases/roll-back-import.ts): a released batch's deposits taken back while
// nothing happened since to them, nor to the import's leases and customers; each refusal below
// is one thing that may have happened.
let h: Harness;

beforeAll(async () => {
  h = await startHarness("pay_roll_back_import");
});

afterAll(async () => {
  await h?.close();
});

interface Named {
  leaseIds?: string[];
  customerIds?: string[];
  checkOnly?: boolean;
}
const rollBack = (batch: string, named: Named = {}, caller = h.callers.hq, siteId = h.siteId) =>
  h.payments.RollBackImport(
    {
      siteId,
      batchId: batch,
      checkOnly: named.checkOnly ?? false,
      leaseIds: named.leaseIds ?? [],
      customerIds: named.customerIds ?? [],
    },
    { caller },
  );
const importDeposits = async (batch: string, rows: ReturnType<typeof deposit>[]) =>
  (
    await h.payments.ImportDeposits(
      { siteId: h.siteId, batchId: batch, deposits: rows },
      { caller: h.callers.hq },
    )
  ).deposits.map((d) => d.id);
const release = (batch: string) =>
  h.payments.ReleaseImport({ siteId: h.siteId, batchId: batch }, { caller: h.callers.hq });
let leases = 0;
/** A lease and customer only the import names (ImportDeposits takes them as given). */
const newLease = () => ({ leaseId: `lea_rb_${++leases}`, customerId: `cus_rb_${leases}` });

/** A released import of one deposit per lease; what the rollback is asked with. */
async function importBatch(of: { leaseId: string; customerId: string }[]) {
  const batch = batchId();
  const ids = await importDeposits(
    batch,
    of.map((lease) => deposit(lease)),
  );
  await release(batch);
  await h.settled();
  const named = { leaseIds: of.map((l) => l.leaseId), customerIds: of.map((l) => l.customerId) };
  return { batch, ids, named };
}

/** The `payments.import.rolled_back` events written for the batch. */
const rolledBackEvents = (batch: string) =>
  h.db.$queryRaw<{ id: string; data: Record<string, unknown> }[]>`
    SELECT id::text, data FROM outbox_messages
     WHERE type = 'payments.import.rolled_back' AND data->>'batchId' = ${batch} ORDER BY seq`;

/** The batch cannot be rolled back: a conflict naming `batchId` saying `what`; nothing gone. */
async function expectRefused(batch: string, ids: readonly string[], named: Named, what: RegExp) {
  for (const checkOnly of [true, false]) {
    const error = await expectError(rollBack(batch, { ...named, checkOnly }), "conflict", [
      "batchId",
    ]);
    expect(error.message).toMatch(what);
    // Its one detail names the first problem, whole.
    const detail = error.details[0]!.message;
    expect(detail).toMatch(/^cannot be rolled back: /);
    expect(error.message).toContain(
      detail.replace(/^cannot be rolled back: /, "").replace(/ \(and more\)$/, ""),
    );
  }
  expect(await h.db.depositEntry.count({ where: { id: { in: [...ids] } } })).toBe(ids.length);
  expect(await rolledBackEvents(batch)).toEqual([]);
}

const recordDeposit = (lease: { leaseId: string; customerId: string }) =>
  h.payments.RecordDeposit(
    {
      siteId: h.siteId,
      requestId: `usr_cashier_a:${randomUUID()}`,
      leaseId: lease.leaseId,
      customerId: lease.customerId,
      method: "PAYMENT_METHOD_CASH",
      amountMinor: 100_000,
      receivedAt: new Date(Date.now() - 60_000).toISOString(),
      reference: "",
    },
    { caller: h.callers.cashierA },
  );

describe("RollBackImport", () => {
  it("removes the batch's entries and the accounts they opened, and announces it once with the entries and the batch's events", async () => {
    const lease = newLease();
    const batch = batchId();
    const ids = await importDeposits(batch, [deposit(lease), deposit(lease), deposit(newLease())]);
    await release(batch);
    await h.settled();
    const named = { leaseIds: [lease.leaseId], customerIds: [lease.customerId] };

    expect(await rollBack(batch, named, h.callers.cashierA)).toEqual({ state: "rolled_back" });
    expect(await h.db.depositEntry.count({ where: { id: { in: ids } } })).toBe(0);
    expect(await h.db.depositAccount.count({ where: { leaseId: lease.leaseId } })).toBe(0);

    const received = await h.db.$queryRaw<{ id: string }[]>`
      SELECT id::text FROM outbox_messages
       WHERE type = 'payments.deposit.received' AND data->>'entryId' = ANY(${ids}::text[])`;
    expect(received).toHaveLength(3);
    // The entries and the batch's events, in as many parts as hold them (here few).
    const parts = (await rolledBackEvents(batch)).map(
      (e) =>
        e.data as {
          siteId: string;
          objects: { deposit?: string[] };
          eventIds: string[];
          part: number;
          parts: number;
        },
    );
    expect(parts.map((p) => [p.siteId, p.part, p.parts])).toEqual(
      parts.map((_, i) => [h.siteId, i + 1, parts.length]),
    );
    expect(parts.flatMap((p) => Object.keys(p.objects)).every((k) => k === "deposit")).toBe(true);
    expect(parts.flatMap((p) => p.objects.deposit ?? []).sort()).toEqual([...ids].sort());
    expect(parts.flatMap((p) => p.eventIds).sort()).toEqual(received.map((e) => e.id).sort());

    // Again: nothing more. Rolled back, it cannot be released or discarded.
    expect(await rollBack(batch, named)).toEqual({ state: "rolled_back" });
    expect(await rolledBackEvents(batch)).toHaveLength(parts.length);
    await h.settled();
    expect(
      h.events.filter((e) => e.type === "payments.import.rolled_back" && e.data.batchId === batch),
    ).toHaveLength(parts.length);
    await expectError(release(batch), "conflict", ["batchId"]);
    await expectError(
      h.payments.DiscardImport({ siteId: h.siteId, batchId: batch }, { caller: h.callers.hq }),
      "conflict",
      ["batchId"],
    );
    // The lease's deposit can be imported again: nothing of it is left.
    await importDeposits(batchId(), [deposit(lease)]);
  });

  it("only checks with checkOnly: answers released, removes and announces nothing", async () => {
    const { batch, ids, named } = await importBatch([newLease(), newLease()]);
    expect(await rollBack(batch, { ...named, checkOnly: true })).toEqual({ state: "released" });
    expect(await h.db.depositEntry.count({ where: { id: { in: ids } } })).toBe(2);
    expect(await rolledBackEvents(batch)).toEqual([]);
    expect(await rollBack(batch, named)).toEqual({ state: "rolled_back" });
    expect(await h.db.depositEntry.count({ where: { id: { in: ids } } })).toBe(0);
  });

  it("refuses when a deposit of the batch was topped up", async () => {
    const lease = await h.lease({ months: 12, rentMinor: 100_000 });
    const { batch, ids } = await importBatch([lease]);
    const { entry } = await recordDeposit(lease);
    // Without the import's leases and customers: the ledger of its deposit itself refuses.
    await expectRefused(
      batch,
      ids,
      {},
      new RegExp(`deposit entry ${entry!.id} \\(received\\) of lease ${lease.leaseId}`),
    );
  });

  it("refuses when a deposit of the batch was settled (applied, refunded or forfeited)", async () => {
    const lease = await h.lease({ months: 12, rentMinor: 100_000 });
    const { batch, ids } = await importBatch([lease]);
    await h.terminate(lease.leaseId, "2026-03-31");
    await h.payments.SettleDeposit(
      {
        siteId: h.siteId,
        requestId: `usr_hq:${randomUUID()}`,
        leaseId: lease.leaseId,
        refundMethod: "PAYMENT_METHOD_BANK_TRANSFER",
        note: "退租结算",
      },
      { caller: h.callers.hq },
    );
    await expectRefused(
      batch,
      ids,
      {},
      new RegExp(
        `\\(refunded\\) of lease ${lease.leaseId}.*the deposit of lease ${lease.leaseId} was settled`,
      ),
    );
  });

  it("refuses when a deposit not of the batch was taken for one of the import's leases", async () => {
    const imported = newLease();
    const { batch, ids, named } = await importBatch([imported]);
    // Another of the import's leases, whose deposit the batch did not bring.
    const lease = await h.lease({ months: 12, rentMinor: 100_000 });
    const { entry } = await recordDeposit(lease);
    await expectRefused(
      batch,
      ids,
      { ...named, leaseIds: [...named.leaseIds, lease.leaseId] },
      new RegExp(`deposit entry ${entry!.id} \\(received\\) of lease ${lease.leaseId}`),
    );
  });

  it("refuses when a deposit not of the batch was taken for one of the import's customers", async () => {
    const imported = newLease();
    const { batch, ids, named } = await importBatch([imported]);
    const other = { leaseId: `lea_rb_other_${leases}`, customerId: imported.customerId };
    const [otherId] = await importDeposits(batchId(), [deposit(other)]);
    await expectRefused(
      batch,
      ids,
      named,
      new RegExp(`deposit entry ${otherId} \\(received\\) of lease ${other.leaseId}`),
    );
  });

  it("refuses when a payment was recorded for one of the import's customers, even reversed", async () => {
    const customerId = await h.customer();
    const { batch, ids, named } = await importBatch([
      { leaseId: `lea_rb_p${++leases}`, customerId },
    ]);
    const { payment } = await h.payments.RecordPayment(h.paymentRequest(h.siteId, { customerId }), {
      caller: h.callers.cashierA,
    });
    await expectRefused(
      batch,
      ids,
      named,
      new RegExp(
        `payment ${payment!.id} \\(receipt [^,]+, recorded\\) was recorded for customer ${customerId}`,
      ),
    );
    await h.payments.ReversePayment(
      { siteId: h.siteId, id: payment!.id, reason: "录入错误" },
      { caller: h.callers.hq },
    );
    await expectRefused(
      batch,
      ids,
      named,
      new RegExp(`payment ${payment!.id} \\(receipt [^,]+, reversed\\)`),
    );
  });

  it("refuses when a payment was recorded for one of the import's leases", async () => {
    const lease = await h.lease({ months: 12, rentMinor: 100_000 });
    const { batch, ids } = await importBatch([lease]);
    const { payment } = await h.payments.RecordPayment(
      h.paymentRequest(h.siteId, { customerId: lease.customerId, leaseId: lease.leaseId }),
      { caller: h.callers.cashierA },
    );
    await expectRefused(
      batch,
      ids,
      { leaseIds: [lease.leaseId] },
      new RegExp(`payment ${payment!.id} .* was recorded`),
    );
  });

  it("refuses when prepayment was paid back to one of the import's customers", async () => {
    const imported = newLease();
    const { batch, ids, named } = await importBatch([imported]);
    // Written as RefundPrepayment writes it (one needs prepayment in billing).
    await h.db.refund.create({
      data: {
        id: "ref_rb_1",
        orgId: h.orgId,
        siteId: h.siteId,
        customerId: imported.customerId,
        amountMinor: 10_000n,
        currency: "CNY",
        method: "cash",
        reason: "退预付",
        status: "completed",
        requestId: `usr_hq:${randomUUID()}`,
        requestFingerprint: "test",
        createdBy: "usr_hq",
      },
    });
    await expectRefused(
      batch,
      ids,
      named,
      new RegExp(`refund ref_rb_1 paid prepayment back to customer ${imported.customerId}`),
    );
  });

  it("refuses a batch that was never released, or was discarded", async () => {
    const batch = batchId();
    const ids = await importDeposits(batch, [deposit(newLease())]);
    await expectError(rollBack(batch), "conflict", ["batchId"]);
    expect(await h.db.depositEntry.count({ where: { id: { in: ids } } })).toBe(1);
    await h.payments.DiscardImport({ siteId: h.siteId, batchId: batch }, { caller: h.callers.hq });
    await expectError(rollBack(batch), "conflict", ["batchId"]);
    expect(await rolledBackEvents(batch)).toEqual([]);
  });

  it("answers unknown for a batch payments had no part in", async () => {
    expect(await rollBack(batchId())).toEqual({ state: "unknown" });
  });

  it("keeps to the caller's sites and the batch's site", async () => {
    const { batch, ids, named } = await importBatch([newLease()]);
    await expectError(rollBack(batch, named, h.callers.cashierB), "not_found");
    await expectError(rollBack(batch, named, h.callers.hq, h.otherSiteId), "conflict", ["batchId"]);
    await expectError(rollBack(batch, named, h.callers.otherOrg), "conflict", ["batchId"]);
    expect(await h.db.depositEntry.count({ where: { id: { in: ids } } })).toBe(1);
    expect(await rolledBackEvents(batch)).toEqual([]);
  });

  it("validates its input: ids, at most 10,000 of each, a batch id", async () => {
    const tooMany = Array.from({ length: 10_001 }, (_, i) => `lea_${i}`);
    await expectError(rollBack(batchId(), { leaseIds: tooMany }), "invalid", ["leaseIds"]);
    await expectError(rollBack(batchId(), { customerIds: ["cus_1", "x".repeat(101)] }), "invalid", [
      "customerIds.1",
    ]);
    await expectError(rollBack(" "), "invalid", ["batchId"]);
  });
});
