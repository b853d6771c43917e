import { randomUUID } from "node:crypto";
import { type DepositEntryV1, EventTypes } from "@slms/contracts";
import { MAX_AMOUNT_MINOR } from "@slms/primitives/bounds";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, type Harness, startHarness } from "./harness.ts";
import { batchId, deposit, receivedFor } from "./import-rows.ts";

// importDeposits (use-cases/import-deposits.ts): the deposits held at go-live, as the deposit
// ledger's received entries, their events held until the batch is released.
let h: Harness;

beforeAll(async () => {
  h = await startHarness("pay_import_deposits", { billing: "down" });
});

afterAll(async () => {
  await h?.close();
});

type Request = Parameters<Harness["payments"]["ImportDeposits"]>[0];
const importDeposits = (request: Partial<Request>, caller = h.callers.hq) =>
  h.payments.ImportDeposits(
    { siteId: h.siteId, batchId: "", deposits: [], ...request },
    { caller },
  );
let leases = 0;
/** A lease and customer made in the same import (payments is not asked about them). */
const newLease = () => ({ leaseId: `lea_imp_${++leases}`, customerId: `cus_imp_${leases}` });

/** The columns a received entry is compared on (not its id, lease, request id or time). */
const comparable = (e: Awaited<ReturnType<Harness["db"]["depositEntry"]["findFirstOrThrow"]>>) => ({
  orgId: e.orgId,
  siteId: e.siteId,
  type: e.type,
  amountMinor: e.amountMinor,
  heldAfterMinor: e.heldAfterMinor,
  currency: e.currency,
  method: e.method,
  receivedAt: e.receivedAt,
  reference: e.reference,
  note: e.note,
  actor: e.actor,
  requestFingerprintLength: e.requestFingerprint?.length,
  settlementId: e.settlementId,
});

describe("ImportDeposits", () => {
  it("writes received entries as RecordDeposit does, their events held until the release", async () => {
    // The normal path, for comparison: a real lease's deposit recorded by a cashier.
    const real = await h.lease({ months: 12, rentMinor: 300_000 });
    const cashier = { ...h.callers.cashierA, actor: "usr_onboarding" };
    const recorded = await h.payments.RecordDeposit(
      {
        siteId: h.siteId,
        requestId: `usr_onboarding:${randomUUID()}`,
        leaseId: real.leaseId,
        customerId: real.customerId,
        method: "PAYMENT_METHOD_BANK_TRANSFER",
        amountMinor: 600_000,
        receivedAt: "2025-12-20T10:00:00+08:00",
        reference: "押金 TX-1",
      },
      { caller: cashier },
    );
    await h.settled();
    const normalEvent = h.events.find(
      (e) => (e.data as DepositEntryV1).entryId === recorded.entry!.id,
    )!;

    const lease = newLease();
    const batch = batchId();
    const rows = [
      deposit(lease, {
        amountMinor: 600_000,
        receivedAt: "2025-12-20T10:00:00+08:00",
        reference: "押金 TX-1",
        method: "PAYMENT_METHOD_BANK_TRANSFER",
      }),
      // A second receipt for the same lease adds to what it holds; no method given: other.
      deposit(lease, { amountMinor: 50_000, method: undefined }),
    ];
    const answer = await importDeposits({ batchId: batch, deposits: rows }, cashier);
    expect(answer.deposits.map((d) => d.key)).toEqual(rows.map((r) => r.key));

    const [normal, imported, second] = await Promise.all([
      h.db.depositEntry.findUniqueOrThrow({ where: { id: recorded.entry!.id } }),
      h.db.depositEntry.findUniqueOrThrow({ where: { id: answer.deposits[0]!.id } }),
      h.db.depositEntry.findUniqueOrThrow({ where: { id: answer.deposits[1]!.id } }),
    ]);
    expect(comparable(imported)).toEqual(comparable(normal));
    expect([imported.leaseId, imported.customerId]).toEqual([lease.leaseId, lease.customerId]);
    expect(imported.requestId).toBe(`import:${batch}:${rows[0]!.key}`);
    expect([second.method, second.amountMinor, second.heldAfterMinor]).toEqual([
      "other",
      50_000n,
      650_000n,
    ]);
    expect(
      await h.db.depositAccount.findUniqueOrThrow({ where: { leaseId: lease.leaseId } }),
    ).toMatchObject({
      orgId: h.orgId,
      siteId: h.siteId,
      customerId: lease.customerId,
      currency: "CNY",
    });
    // No receipt number: RecordDeposit assigns none either.
    expect(await h.db.receiptCounter.count()).toBe(0);

    // Held until the release, then published once, as the normal path's event.
    await h.settled();
    const ids = answer.deposits.map((d) => d.id);
    expect(receivedFor(h, ids)).toEqual([]);
    await h.payments.ReleaseImport({ siteId: h.siteId, batchId: batch }, { caller: cashier });
    await h.settled();
    const published = receivedFor(h, ids);
    expect(published).toHaveLength(2);
    const first = published.find((e) => e.data.entryId === imported.id)!;
    expect(first).toMatchObject({
      type: EventTypes.DepositReceived,
      orgId: h.orgId,
      siteId: h.siteId,
      actor: "usr_onboarding",
    });
    expect(first.data).toEqual({
      ...normalEvent.data,
      entryId: imported.id,
      leaseId: lease.leaseId,
      customerId: lease.customerId,
    });
    expect(published.find((e) => e.data.entryId === second.id)!.data).toMatchObject({
      amountMinor: 50_000,
      heldMinor: 650_000,
    });
  });

  it("makes nothing twice when a call is sent again, answering the first entries", async () => {
    const lease = newLease();
    const batch = batchId();
    const request = { batchId: batch, deposits: [deposit(lease)] };
    const first = await importDeposits(request);
    expect(await importDeposits(request)).toEqual(first);
    const more = deposit(lease, { amountMinor: 1 });
    const again = await importDeposits({ batchId: batch, deposits: [...request.deposits, more] });
    expect(again.deposits[0]).toEqual(first.deposits[0]);
    const entries = await h.db.depositEntry.findMany({
      where: { leaseId: lease.leaseId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    expect(entries.map((e) => e.heldAfterMinor)).toEqual([600_000n, 600_001n]);
    expect(
      await h.db.outboxMessage.count({
        where: { data: { path: ["leaseId"], equals: lease.leaseId } },
      }),
    ).toBe(2);
  });

  it("names every bad row and field, and writes nothing", async () => {
    const lease = newLease();
    const batch = batchId();
    const good = deposit(lease);
    const later = new Date(Date.now() + 25 * 3_600_000).toISOString();
    await expectError(
      importDeposits({
        batchId: batch,
        deposits: [
          good,
          deposit(lease, { amountMinor: 0 }),
          deposit(lease, { amountMinor: MAX_AMOUNT_MINOR + 1 }),
          deposit(lease, { receivedAt: "2026-02-30T10:00:00+08:00" }),
          deposit(lease, { receivedAt: "2026-01-05" }),
          deposit(lease, { receivedAt: later }),
          deposit(lease, { key: good.key }),
          deposit({ leaseId: lease.leaseId, customerId: "cus_someone_else" }),
          deposit({ leaseId: "", customerId: "" }, { key: "" }),
          deposit(lease, { reference: "x".repeat(201) }),
        ],
      }),
      "invalid",
      [
        "deposits.1.amountMinor",
        "deposits.2.amountMinor",
        "deposits.3.receivedAt",
        "deposits.4.receivedAt",
        "deposits.5.receivedAt",
        "deposits.6.key",
        "deposits.7.customerId",
        "deposits.8.key",
        "deposits.8.leaseId",
        "deposits.8.customerId",
        "deposits.9.reference",
      ],
    );
    expect(await h.db.depositAccount.count({ where: { leaseId: lease.leaseId } })).toBe(0);
    expect(await h.db.importBatch.count({ where: { batchId: batch } })).toBe(0);
    // What is held may not pass the largest amount, counting every row of the lease.
    await expectError(
      importDeposits({
        batchId: batch,
        deposits: [
          deposit(lease, { amountMinor: MAX_AMOUNT_MINOR }),
          deposit(lease, { amountMinor: 1 }),
        ],
      }),
      "invalid",
      ["deposits.1.amountMinor"],
    );
    expect(await h.db.depositAccount.count({ where: { leaseId: lease.leaseId } })).toBe(0);
  });

  it("refuses a lease whose deposit is held for another customer, at another site, or settled", async () => {
    const taken = newLease();
    await importDeposits({ batchId: batchId(), deposits: [deposit(taken)] });
    const elsewhere = newLease();
    await importDeposits({
      siteId: h.otherSiteId,
      batchId: batchId(),
      deposits: [deposit(elsewhere)],
    });
    const settled = newLease();
    await importDeposits({ batchId: batchId(), deposits: [deposit(settled)] });
    await h.db.depositSettlement.create({
      data: {
        id: `dst_${settled.leaseId}`,
        orgId: h.orgId,
        siteId: h.siteId,
        leaseId: settled.leaseId,
        forfeitRemainder: false,
        heldMinor: 600_000n,
        appliedEntryId: "dep_applied",
        remainderEntryId: "dep_remainder",
        requestId: `req_${settled.leaseId}`,
        requestFingerprint: "x",
        actor: "usr_hq",
      },
    });
    const batch = batchId();
    await expectError(
      importDeposits({
        batchId: batch,
        deposits: [
          deposit(newLease()),
          deposit({ leaseId: taken.leaseId, customerId: "cus_other" }),
          deposit(elsewhere),
          deposit(settled),
        ],
      }),
      "conflict",
      ["deposits.1.customerId", "deposits.2.leaseId", "deposits.3.leaseId"],
    );
    expect(await h.db.importRow.count({ where: { batchId: batch } })).toBe(0);
    expect(await h.db.depositEntry.count({ where: { leaseId: taken.leaseId } })).toBe(1);
  });

  it("keeps to the caller's sites and the batch's site", async () => {
    await expectError(
      importDeposits({ batchId: batchId(), deposits: [deposit(newLease())] }, h.callers.cashierB),
      "not_found",
    );
    const batch = batchId();
    await importDeposits({ batchId: batch, deposits: [deposit(newLease())] });
    await expectError(
      importDeposits({ siteId: h.otherSiteId, batchId: batch, deposits: [deposit(newLease())] }),
      "conflict",
      ["batchId"],
    );
  });

  it("sums the batch's deposits as payments holds them (GetImportTotals)", async () => {
    const batch = batchId();
    const { deposits: made } = await importDeposits({
      batchId: batch,
      deposits: [
        deposit(newLease(), { amountMinor: 1_300_000 }),
        deposit(newLease(), { amountMinor: 1 }),
      ],
    });
    const totals = (b: string, caller = h.callers.hq, siteId = h.siteId) =>
      h.payments.GetImportTotals({ siteId, batchId: b }, { caller });
    const answer = await totals(batch);
    expect(answer).toMatchObject({ deposits: 2, depositsMinor: 1_300_001 });
    expect(Object.fromEntries(answer.depositAmounts.map((a) => [a.id, a.amountMinor]))).toEqual({
      [made[0]!.id]: 1_300_000,
      [made[1]!.id]: 1,
    });
    expect(await totals(batchId())).toEqual({ deposits: 0, depositsMinor: 0, depositAmounts: [] });
    await expectError(totals(batch, h.callers.hq, h.otherSiteId), "not_found");
    await expectError(totals(batch, { ...h.callers.hq, siteIds: [h.otherSiteId] }), "not_found");
    await expectError(totals(""), "invalid", ["batchId"]);
  });

  it("takes 10,000 deposits in one call", async () => {
    const batch = batchId();
    const deposits = Array.from({ length: 10_000 }, (_, i) =>
      deposit(
        { leaseId: `lea_bulk_${i % 8_000}`, customerId: `cus_bulk_${i % 8_000}` },
        { key: `onb_deposits_${String(i).padStart(32, "0")}` },
      ),
    );
    const started = performance.now();
    const answer = await importDeposits({ batchId: batch, deposits });
    console.info(
      `ImportDeposits: 10,000 deposits in ${(performance.now() - started).toFixed(0)} ms`,
    );
    expect(answer.deposits).toHaveLength(10_000);
    expect(
      await h.db.depositAccount.count({ where: { leaseId: { startsWith: "lea_bulk_" } } }),
    ).toBe(8_000);
    const again = performance.now();
    expect((await importDeposits({ batchId: batch, deposits })).deposits).toEqual(answer.deposits);
    console.info(`  the same call again: ${(performance.now() - again).toFixed(0)} ms`);
  });
});
