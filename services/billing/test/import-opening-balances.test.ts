import { MAX_AMOUNT_MINOR } from "@slms/primitives/bounds";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { billView } from "../src/db/bills.ts";
import { billIssued } from "../src/events/bill-events.ts";
import { EventTypes, failure, fieldsOf, type Harness, startHarness } from "./harness.ts";
import { arrear, batchId, issuedFor, prepayment } from "./opening-balances.ts";

// importOpeningBalances (use-cases/import-opening-balances.ts): an import batch's opening
// arrears and prepayments, made at once with their events held until the batch is released.
let h: Harness;

beforeAll(async () => {
  h = await startHarness("import_opening");
});

afterAll(async () => {
  await h?.close();
});

type Request = Parameters<Harness["billing"]["ImportOpeningBalances"]>[0];
const importBalances = (request: Partial<Request>, caller = h.hq) =>
  h.billing.ImportOpeningBalances(
    { siteId: h.siteId, batchId: "", bills: [], prepayments: [], ...request },
    { caller },
  );
/** A lease billing has not heard of yet (contracts' events are held in the same import). */
const newLease = () => {
  const { leaseId, customerId } = h.lease({ months: 1 });
  return { leaseId, customerId };
};

describe("ImportOpeningBalances", () => {
  it("makes opening_arrears bills and opening credits, their events held until the release", async () => {
    const lease = newLease();
    const batch = batchId();
    const rows = [
      arrear(lease, { note: "  carried over  " }),
      // Charged in advance: due before its period starts, so issued on its due date.
      arrear(lease, {
        feeCode: "management",
        periodStart: "2026-02-01",
        periodEnd: "2026-02-28",
        dueDate: "2026-01-25",
        amountMinor: 12_345,
      }),
    ];
    const credits = [
      prepayment(lease.customerId, { leaseId: lease.leaseId }),
      prepayment(lease.customerId, { amountMinor: 1, effectiveAt: "2026-02-01T09:30:00Z" }),
    ];
    const answer = await importBalances(
      { batchId: batch, bills: rows, prepayments: credits },
      h.staffAt(h.siteId, "usr_onboarding"),
    );
    expect(answer.bills.map((b) => b.key)).toEqual(rows.map((r) => r.key));
    expect(answer.prepayments.map((p) => p.key)).toEqual(credits.map((p) => p.key));

    const billIds = answer.bills.map((b) => b.id);
    const stored = await h.db.bill.findMany({
      where: { id: { in: billIds } },
      orderBy: { periodStart: "asc" },
    });
    expect(stored.map((b) => b.id)).toEqual(billIds);
    expect(stored.map((b) => ({ ...billView(b), createdAt: null }))).toEqual([
      {
        id: billIds[0],
        siteId: h.siteId,
        leaseId: lease.leaseId,
        customerId: lease.customerId,
        feeCode: "rent",
        kind: "opening_arrears",
        periodStart: "2026-01-01",
        periodEnd: "2026-01-31",
        issueDate: "2026-01-01",
        dueDate: "2026-01-05",
        currency: "CNY",
        amountMinor: 300_000,
        allocatedMinor: 0,
        waivedMinor: 0,
        balanceMinor: 300_000,
        status: "open",
        overdue: false,
        billingRunId: null,
        relatedBillId: null,
        note: "carried over",
        createdAt: null,
      },
      {
        id: billIds[1],
        siteId: h.siteId,
        leaseId: lease.leaseId,
        customerId: lease.customerId,
        feeCode: "management",
        kind: "opening_arrears",
        periodStart: "2026-02-01",
        periodEnd: "2026-02-28",
        issueDate: "2026-01-25",
        dueDate: "2026-01-25",
        currency: "CNY",
        amountMinor: 12_345,
        allocatedMinor: 0,
        waivedMinor: 0,
        balanceMinor: 12_345,
        status: "open",
        overdue: false,
        billingRunId: null,
        relatedBillId: null,
        note: null,
        createdAt: null,
      },
    ]);
    expect(stored.map((b) => [b.dedupeKey, b.version, b.orgId])).toEqual([
      [`opening:${lease.leaseId}:rent:2026-01-01`, 0, h.hq.orgId],
      [`opening:${lease.leaseId}:management:2026-02-01`, 0, h.hq.orgId],
    ]);

    const entries = await h.db.prepaymentEntry.findMany({
      where: { id: { in: answer.prepayments.map((p) => p.id) } },
      orderBy: { amountMinor: "desc" },
    });
    expect(
      entries.map((e) => ({
        id: e.id,
        orgId: e.orgId,
        siteId: e.siteId,
        customerId: e.customerId,
        leaseId: e.leaseId,
        amountMinor: e.amountMinor,
        kind: e.kind,
        reference: e.reference,
        effectiveAt: e.effectiveAt.toISOString(),
      })),
    ).toEqual([
      {
        id: answer.prepayments[0]!.id,
        orgId: h.hq.orgId,
        siteId: h.siteId,
        customerId: lease.customerId,
        leaseId: lease.leaseId,
        amountMinor: 50_000n,
        kind: "opening",
        reference: credits[0]!.key,
        effectiveAt: "2026-02-19T16:00:00.000Z",
      },
      {
        id: answer.prepayments[1]!.id,
        orgId: h.hq.orgId,
        siteId: h.siteId,
        customerId: lease.customerId,
        leaseId: null,
        amountMinor: 1n,
        kind: "opening",
        reference: credits[1]!.key,
        effectiveAt: "2026-02-01T09:30:00.000Z",
      },
    ]);

    // Held: nothing published, however long the relay runs.
    await h.settled();
    expect(issuedFor(h, billIds)).toEqual([]);
    await h.billing.ReleaseImport({ siteId: h.siteId, batchId: batch }, { caller: h.hq });
    await h.settled();
    const published = issuedFor(h, billIds);
    expect(published).toHaveLength(2);
    // The payload every issued bill has (the normal path's builder, from the stored row).
    for (const bill of stored) {
      const event = published.find((e) => e.data.billId === bill.id)!;
      expect(event).toMatchObject({
        type: EventTypes.BillIssued,
        orgId: h.hq.orgId,
        siteId: h.siteId,
        actor: "usr_onboarding",
      });
      expect(event.data).toEqual(billIssued("usr_onboarding", h.hq.orgId, billView(bill)).data);
    }
  });

  it("makes nothing twice when a call is sent again, answering the first objects", async () => {
    const lease = newLease();
    const batch = batchId();
    const request = {
      batchId: batch,
      bills: [arrear(lease)],
      prepayments: [prepayment(lease.customerId)],
    };
    const first = await importBalances(request);
    // Again, and again with one row more: only the new row is made.
    expect(await importBalances(request)).toEqual(first);
    const more = arrear(lease, { periodStart: "2026-02-01", periodEnd: "2026-02-28" });
    const again = await importBalances({ ...request, bills: [...request.bills, more] });
    expect(again.bills.slice(0, 1)).toEqual(first.bills);
    expect(await h.db.bill.count({ where: { leaseId: lease.leaseId } })).toBe(2);
    expect(await h.db.prepaymentEntry.count({ where: { customerId: lease.customerId } })).toBe(1);
    const held = await h.db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM outbox_messages
       WHERE type = 'billing.bill.issued' AND data->>'leaseId' = ${lease.leaseId}`;
    expect(held[0]!.n).toBe(2);
  });

  it("names every bad row and field, and writes nothing", async () => {
    const lease = newLease();
    const batch = batchId();
    const good = arrear(lease);
    const error = await failure(
      importBalances({
        batchId: batch,
        bills: [
          good,
          arrear(lease, { feeCode: "parking_fee_x" }),
          arrear(lease, { feeCode: "Rent!" }),
          arrear(lease, { periodStart: "2026-03-01", periodEnd: "2026-02-28" }),
          arrear(lease, { periodStart: "2026-04-01", periodEnd: "2026-04-30", amountMinor: 0 }),
          arrear(lease, {
            periodStart: "2026-05-01",
            periodEnd: "2026-05-31",
            amountMinor: MAX_AMOUNT_MINOR + 1,
          }),
          arrear(lease, { periodStart: "2026-06-01", periodEnd: "2026-06-31" }),
          arrear(lease, { periodStart: "2026-07-01", periodEnd: "2026-07-31", dueDate: "" }),
          arrear(lease, { key: good.key, periodStart: "2026-08-01", periodEnd: "2026-08-31" }),
          arrear(lease, { periodEnd: "2026-01-15" }),
          arrear(lease, {
            leaseId: "",
            customerId: "",
            periodStart: "2026-09-01",
            periodEnd: "2026-09-30",
          }),
        ],
        prepayments: [
          prepayment(lease.customerId, { effectiveAt: "2026-02-30" }),
          prepayment(lease.customerId, { amountMinor: -5 }),
          prepayment("", { key: "" }),
        ],
      }),
    );
    expect(error.kind).toBe("invalid");
    expect(fieldsOf(error).sort()).toEqual(
      [
        "bills.1.feeCode",
        "bills.2.feeCode",
        "bills.3.periodEnd",
        "bills.4.amountMinor",
        "bills.5.amountMinor",
        "bills.6.periodEnd",
        "bills.7.dueDate",
        "bills.8.key",
        "bills.9.periodStart",
        "bills.10.leaseId",
        "bills.10.customerId",
        "prepayments.0.effectiveAt",
        "prepayments.1.amountMinor",
        "prepayments.2.key",
        "prepayments.2.customerId",
      ].sort(),
    );
    expect(await h.db.bill.count({ where: { leaseId: lease.leaseId } })).toBe(0);
    expect(await h.db.importBatch.count({ where: { batchId: batch } })).toBe(0);

    const tooMany = await failure(
      importBalances({
        batchId: batch,
        bills: Array.from({ length: 10_001 }, (_, i) =>
          arrear(lease, { key: `k${i}`, periodStart: "2026-01-01" }),
        ),
      }),
    );
    expect([tooMany.kind, fieldsOf(tooMany)]).toEqual(["invalid", ["bills"]]);
  });

  it("refuses a lease, fee and period billed already, and a prepayment key another import used", async () => {
    const lease = newLease();
    const first = { bills: [arrear(lease)], prepayments: [prepayment(lease.customerId)] };
    await importBalances({ batchId: batchId(), ...first });
    const later = batchId();
    const error = await failure(
      importBalances({
        batchId: later,
        bills: [
          arrear(lease, { periodStart: "2026-02-01", periodEnd: "2026-02-28" }),
          arrear(lease, { amountMinor: 1 }),
        ],
        prepayments: [prepayment(lease.customerId), { ...first.prepayments[0]! }],
      }),
    );
    expect([error.kind, fieldsOf(error)]).toEqual([
      "conflict",
      ["bills.1.periodStart", "prepayments.1.key"],
    ]);
    expect(await h.db.bill.count({ where: { leaseId: lease.leaseId } })).toBe(1);
    expect(await h.db.importRow.count({ where: { batchId: later } })).toBe(0);
  });

  it("keeps to the caller's sites and the batch's site", async () => {
    const lease = newLease();
    const outside = await failure(
      importBalances({ batchId: batchId(), bills: [arrear(lease)] }, h.staffAt(h.otherSiteId)),
    );
    expect(outside.kind).toBe("not_found");
    const batch = batchId();
    await importBalances({ batchId: batch, bills: [arrear(lease)] });
    const elsewhere = await failure(
      importBalances({
        siteId: h.otherSiteId,
        batchId: batch,
        bills: [arrear(lease, { periodStart: "2026-02-01", periodEnd: "2026-02-28" })],
      }),
    );
    expect([elsewhere.kind, fieldsOf(elsewhere)]).toEqual(["conflict", ["batchId"]]);
    expect(
      await h.db.bill.count({ where: { siteId: h.otherSiteId, leaseId: lease.leaseId } }),
    ).toBe(0);
  });

  it("takes 10,000 bills and 10,000 prepayments in one call", async () => {
    const batch = batchId();
    // 2,500 leases, four months each.
    const bills = Array.from({ length: 10_000 }, (_, i) => {
      const month = `2025-${String((i % 4) + 1).padStart(2, "0")}`;
      const n = Math.floor(i / 4);
      return arrear(
        { leaseId: `lea_bulk_${n}`, customerId: `cus_bulk_${n}` },
        {
          key: `onb_arrears_${String(i).padStart(32, "0")}`,
          periodStart: `${month}-01`,
          periodEnd: `${month}-28`,
          dueDate: `${month}-05`,
        },
      );
    });
    const prepayments = Array.from({ length: 10_000 }, (_, i) =>
      prepayment(`cus_bulk_${i}`, { key: `onb_prepayments_${String(i).padStart(32, "0")}` }),
    );
    const started = performance.now();
    const answer = await importBalances({ batchId: batch, bills, prepayments });
    const took = performance.now() - started;
    console.info(
      `ImportOpeningBalances: 10,000 bills + 10,000 prepayments in ${took.toFixed(0)} ms`,
    );
    expect(answer.bills).toHaveLength(10_000);
    expect(answer.prepayments).toHaveLength(10_000);
    expect(await h.db.bill.count({ where: { leaseId: { startsWith: "lea_bulk_" } } })).toBe(10_000);
    const again = performance.now();
    expect((await importBalances({ batchId: batch, bills, prepayments })).bills).toEqual(
      answer.bills,
    );
    console.info(`  the same call again: ${(performance.now() - again).toFixed(0)} ms`);
  }, 120_000);
});

describe("GetImportTotals", () => {
  it("sums the batch's opening bills by fee code and its credits, as billing holds them", async () => {
    const lease = newLease();
    const batch = batchId();
    const made = await importBalances({
      batchId: batch,
      bills: [
        arrear(lease, { amountMinor: 650_000 }),
        arrear(lease, { feeCode: "management", amountMinor: 12_345 }),
        arrear(lease, { periodStart: "2026-02-01", periodEnd: "2026-02-28", amountMinor: 1 }),
      ],
      prepayments: [prepayment(lease.customerId, { amountMinor: 50_050 })],
    });
    const totals = (b: string, caller = h.hq, siteId = h.siteId) =>
      h.billing.GetImportTotals({ siteId, batchId: b }, { caller });
    // Held or released, the same figures.
    const answer = await totals(batch);
    expect(answer).toMatchObject({
      bills: 3,
      billsMinor: 662_346,
      billsByFeeCode: { rent: 650_001, management: 12_345 },
      prepayments: 1,
      prepaymentsMinor: 50_050,
    });
    const billIds = made.bills.map((b) => b.id);
    expect(Object.fromEntries(answer.billAmounts.map((a) => [a.id, a.amountMinor]))).toEqual({
      [billIds[0]!]: 650_000,
      [billIds[1]!]: 12_345,
      [billIds[2]!]: 1,
    });
    expect(answer.prepaymentAmounts).toEqual([
      { id: made.prepayments[0]!.id, amountMinor: 50_050 },
    ]);
    expect(await totals(batchId())).toEqual({
      bills: 0,
      billsMinor: 0,
      billsByFeeCode: {},
      prepayments: 0,
      prepaymentsMinor: 0,
      billAmounts: [],
      prepaymentAmounts: [],
    });
    expect((await failure(totals(batch, h.hq, h.otherSiteId))).kind).toBe("not_found");
    expect((await failure(totals(batch, h.staffAt(h.otherSiteId)))).kind).toBe("not_found");
    expect(fieldsOf(await failure(totals("")))).toEqual(["batchId"]);
  });
});

describe("opening arrears after the release", () => {
  it("are paid first by a payment recorded later, count in balances and statements, and accrue late fees from the day after the import", async () => {
    // Billed by the system from March (go-live); January and February come in as arrears.
    const lease = h.lease({ months: 3, start: "2026-03-01" });
    const batch = batchId();
    const { bills } = await importBalances({
      batchId: batch,
      bills: [
        arrear(lease, {
          periodStart: "2026-02-01",
          periodEnd: "2026-02-28",
          dueDate: "2026-02-05",
        }),
        arrear(lease),
      ],
      prepayments: [prepayment(lease.customerId, { leaseId: lease.leaseId, amountMinor: 1_000 })],
    });
    const [february, january] = bills.map((b) => b.id);
    await h.billing.ReleaseImport({ siteId: h.siteId, batchId: batch }, { caller: h.hq });
    // Contracts' part of the import is released too: billing hears of the lease.
    await h.publish(EventTypes.LeaseActivated, lease);
    await h.runTo("2026-03-01");
    const march = (await h.billsOf(lease.leaseId)).find((b) => b.kind === "charge")!;
    expect(march).toMatchObject({ periodStart: "2026-03-01", amountMinor: 500_000 });

    // The run applied the opening credit to the oldest bill, as it does any credit.
    expect((await h.db.bill.findUniqueOrThrow({ where: { id: january } })).allocatedMinor).toBe(
      1_000n,
    );
    const paid = await h.billing.AllocatePayment(
      {
        siteId: h.siteId,
        paymentId: `pay_after_import_${batch}`,
        customerId: lease.customerId,
        leaseId: lease.leaseId,
        amountMinor: 400_000,
        currencyCode: "CNY",
        billIds: [],
        receivedAt: "2026-03-01T10:00:00+08:00",
      },
      { caller: h.hq },
    );
    expect(paid).toEqual({
      allocations: [
        { billId: january, amountMinor: 299_000 },
        { billId: february, amountMinor: 101_000 },
      ],
      prepaidMinor: 0,
    });

    expect(
      await h.billing.GetLeaseBalance(
        { siteId: h.siteId, leaseId: lease.leaseId },
        { caller: h.hq },
      ),
    ).toEqual({
      openMinor: 199_000 + 500_000,
      overdueMinor: 199_000,
      prepaymentMinor: 0,
      currencyCode: "CNY",
    });
    const statement = await h.billing.GetStatement(
      {
        siteId: h.siteId,
        customerId: lease.customerId,
        leaseId: lease.leaseId,
        fromDate: "2026-01-01",
        toDate: "2026-03-31",
      },
      { caller: h.hq },
    );
    expect(statement).toMatchObject({
      openingBalanceMinor: 0,
      chargesMinor: 300_000 + 300_000 + 500_000,
      closingBalanceMinor: 199_000 + 500_000,
    });
    expect(statement.lines.map((l) => l.description)).toContain(
      "rent 2026-01-01–2026-01-31 (opening_arrears)",
    );

    // The late-fee step treats them as any bill of the lease — the open one is overdue, the one
    // paid in full accrues nothing — except that an opening bill accrues nothing for the days
    // before it entered the system (imported 1 March: from 2 March, not 11 February, its due
    // date plus the grace days): those days were the old system's.
    await h.billing.AccrueLateFees(
      { siteId: h.siteId, throughDate: "2026-03-20" },
      { caller: h.hq },
    );
    const lateFees = await h.db.bill.findMany({
      where: { relatedBillId: { in: [january!, february!] }, kind: "late_fee" },
      orderBy: { periodStart: "asc" },
    });
    expect(lateFees.map((b) => [b.relatedBillId, billView(b).periodStart])).toEqual([
      [february, "2026-03-02"],
    ]);
    expect(
      (await h.db.bill.findMany({ where: { id: { in: [january!, february!] } } })).map((b) => [
        b.id,
        b.status,
        b.overdue,
      ]),
    ).toEqual(
      expect.arrayContaining([
        [january, "paid", false],
        [february, "open", true],
      ]),
    );
  });
});
