import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventTypes, failure, type Harness, startHarness } from "./harness.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness("billing_flow");
});

afterAll(async () => {
  await h?.close();
});

const bills = async (leaseId: string) =>
  (await h.billing.ListBills({ siteId: h.siteId, leaseId, pageSize: 500 }, { caller: h.hq })).bills;
const run = (targetDate: string, dryRun = false) =>
  h.billing.StartBillingRun({ siteId: h.siteId, targetDate, dryRun, wait: true }, { caller: h.hq });
const allocate = (
  paymentId: string,
  customerId: string,
  leaseId: string,
  amountMinor: number,
  billIds: string[] = [],
) =>
  h.billing.AllocatePayment(
    {
      siteId: h.siteId,
      paymentId,
      customerId,
      leaseId,
      amountMinor,
      currencyCode: "CNY",
      billIds,
      receivedAt: "2026-03-01T10:00:00+08:00",
    },
    { caller: h.hq },
  );

describe("billing a lease", () => {
  it("issues exactly what the dry run predicted, once, however often and concurrently it runs", async () => {
    const lease = h.lease({ months: 12 });
    await h.publish(EventTypes.LeaseActivated, lease);
    const dry = await run("2026-03-01", true);
    const predicted = dry.preview
      .filter((b) => b.leaseId === lease.leaseId)
      .map((b) => [b.feeCode, b.periodStart, b.amountMinor]);
    expect(predicted).toEqual([
      ["rent", "2026-01-01", 500_000],
      ["rent", "2026-02-01", 500_000],
      ["rent", "2026-03-01", 500_000],
    ]);
    expect(await h.db.bill.count({ where: { leaseId: lease.leaseId } })).toBe(0);
    await Promise.all([run("2026-03-01"), run("2026-03-01")]);
    await run("2026-03-01");
    const issued = await bills(lease.leaseId);
    expect(issued.map((b) => [b.feeCode, b.periodStart, b.amountMinor])).toEqual(predicted);
    expect(issued.every((b) => b.status === "BILL_STATUS_OPEN" && b.balanceMinor === 500_000)).toBe(
      true,
    );
    await h.settled();
    expect(
      h.events.filter((e) => e.type === "billing.bill.issued" && e.data.leaseId === lease.leaseId),
    ).toHaveLength(3);
  });

  it("allocates oldest due first, keeps the rest as prepayment that settles the next bills", async () => {
    const lease = h.lease({ months: 12 });
    await h.publish(EventTypes.LeaseActivated, lease);
    await run("2026-03-01");
    const first = await allocate("pay_flow_1", lease.customerId, lease.leaseId, 1_200_000);
    const [jan, feb, mar] = await bills(lease.leaseId);
    expect(first.allocations).toEqual([
      { billId: jan!.id, amountMinor: 500_000 },
      { billId: feb!.id, amountMinor: 500_000 },
      { billId: mar!.id, amountMinor: 200_000 },
    ]);
    expect(first.prepaidMinor).toBe(0);
    // The same payment again changes nothing.
    expect(await allocate("pay_flow_1", lease.customerId, lease.leaseId, 1_200_000)).toEqual(first);
    const second = await allocate("pay_flow_2", lease.customerId, lease.leaseId, 500_000);
    expect(second).toEqual({
      allocations: [{ billId: mar!.id, amountMinor: 300_000 }],
      prepaidMinor: 200_000,
    });
    expect((await bills(lease.leaseId)).map((b) => b.status)).toEqual([
      "BILL_STATUS_PAID",
      "BILL_STATUS_PAID",
      "BILL_STATUS_PAID",
    ]);
    // April's bill is issued on 2026-03-22 and the prepayment pays 200,000 of it at once.
    await run("2026-03-25");
    const april = (await bills(lease.leaseId))[3]!;
    expect(april).toMatchObject({
      periodStart: "2026-04-01",
      allocatedMinor: 200_000,
      balanceMinor: 300_000,
    });
    const balance = await h.billing.GetLeaseBalance(
      { siteId: h.siteId, leaseId: lease.leaseId },
      { caller: h.hq },
    );
    expect(balance).toMatchObject({ openMinor: 300_000, prepaymentMinor: 0 });
  });

  it("refuses allocations that would break the ledger", async () => {
    const lease = h.lease({ months: 3 });
    await h.publish(EventTypes.LeaseActivated, lease);
    await run("2026-03-01");
    const [jan] = await bills(lease.leaseId);
    expect(
      (await failure(allocate("pay_bad_1", lease.customerId, lease.leaseId, 0))).details.map(
        (d) => d.field,
      ),
    ).toEqual(["amountMinor"]);
    expect(
      (
        await failure(allocate("pay_bad_2", lease.customerId, lease.leaseId, 100, ["bil_nope"]))
      ).details.map((d) => d.field),
    ).toEqual(["billIds.0"]);
    // Cashier picks January; the rest becomes prepayment rather than going to other bills.
    const picked = await allocate("pay_pick", lease.customerId, lease.leaseId, 600_000, [jan!.id]);
    expect(picked).toEqual({
      allocations: [{ billId: jan!.id, amountMinor: 500_000 }],
      prepaidMinor: 100_000,
    });
  });

  it("lets exactly the right amount through when payments for one customer race", async () => {
    const lease = h.lease({ months: 3 });
    await h.publish(EventTypes.LeaseActivated, lease);
    await run("2026-03-01");
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        allocate(`pay_race_${i}`, lease.customerId, lease.leaseId, 200_000),
      ),
    );
    const after = await bills(lease.leaseId);
    expect(after.reduce((s, b) => s + b.allocatedMinor, 0)).toBe(1_500_000);
    expect(after.every((b) => b.allocatedMinor <= b.amountMinor)).toBe(true);
    const balance = await h.billing.GetLeaseBalance(
      { siteId: h.siteId, leaseId: lease.leaseId },
      { caller: h.hq },
    );
    expect(balance).toMatchObject({ openMinor: 0, prepaymentMinor: 500_000 });
  });

  it("reverses a payment: bills reopen, its prepayment is withdrawn", async () => {
    const lease = h.lease({ months: 2 });
    await h.publish(EventTypes.LeaseActivated, lease);
    await run("2026-03-01");
    await allocate("pay_rev", lease.customerId, lease.leaseId, 1_100_000);
    const reversal = await h.billing.ReverseAllocation(
      { siteId: h.siteId, paymentId: "pay_rev", reason: "bounced transfer" },
      { caller: h.hq },
    );
    expect(reversal.prepaymentWithdrawnMinor).toBe(100_000);
    expect(reversal.reversed.map((r) => r.amountMinor)).toEqual([500_000, 500_000]);
    expect((await bills(lease.leaseId)).map((b) => [b.status, b.balanceMinor])).toEqual([
      ["BILL_STATUS_OPEN", 500_000],
      ["BILL_STATUS_OPEN", 500_000],
    ]);
    expect(
      (
        await h.billing.ReverseAllocation(
          { siteId: h.siteId, paymentId: "pay_rev", reason: "again" },
          { caller: h.hq },
        )
      ).reversed,
    ).toEqual([]);
  });

  it("waives small amounts at once and needs a second person above the threshold", async () => {
    const lease = h.lease({ months: 1 });
    await h.publish(EventTypes.LeaseActivated, lease);
    await run("2026-03-01");
    const [jan] = await bills(lease.leaseId);
    const small = await h.billing.RequestWaiver(
      { siteId: h.siteId, billId: jan!.id, amountMinor: 50_000, reason: "goodwill" },
      { caller: h.hq },
    );
    expect(small.waiver!.status).toBe("WAIVER_STATUS_APPROVED");
    const big = await h.billing.RequestWaiver(
      { siteId: h.siteId, billId: jan!.id, amountMinor: 200_000, reason: "leak damage" },
      { caller: h.hq },
    );
    expect(big.waiver!.status).toBe("WAIVER_STATUS_PENDING");
    expect((await bills(lease.leaseId))[0]!.balanceMinor).toBe(450_000);
    const self = await failure(
      h.billing.DecideWaiver(
        { siteId: h.siteId, id: big.waiver!.id, approve: true },
        { caller: h.hq },
      ),
    );
    expect(self.kind).toBe("forbidden");
    const clerk = { ...h.hq, actor: "usr_clerk", siteIds: [h.siteId], roles: ["clerk"] };
    expect(
      (
        await failure(
          h.billing.DecideWaiver(
            { siteId: h.siteId, id: big.waiver!.id, approve: true },
            { caller: clerk },
          ),
        )
      ).kind,
    ).toBe("forbidden");
    const manager = { ...h.hq, actor: "usr_manager", siteIds: [h.siteId], roles: ["site_manager"] };
    const decided = await h.billing.DecideWaiver(
      { siteId: h.siteId, id: big.waiver!.id, approve: true, note: "photos checked" },
      { caller: manager },
    );
    expect(decided.waiver).toMatchObject({
      status: "WAIVER_STATUS_APPROVED",
      decidedBy: "usr_manager",
    });
    expect((await bills(lease.leaseId))[0]).toMatchObject({
      waivedMinor: 250_000,
      balanceMinor: 250_000,
    });
    const tooMuch = await failure(
      h.billing.RequestWaiver(
        { siteId: h.siteId, billId: jan!.id, amountMinor: 250_001, reason: "x" },
        { caller: h.hq },
      ),
    );
    expect(tooMuch.details.map((d) => d.field)).toEqual(["amountMinor"]);
  });

  it("shows a bill overdue from the day after its due date in the site's zone, before the late-fee step", async () => {
    const lease = h.lease({ months: 1, start: "2026-03-01", rentMinor: 300_000 });
    await h.publish(EventTypes.LeaseActivated, lease);
    await run("2026-03-01");
    const overdue = async () => {
      const listed = await h.billing.ListBills(
        { siteId: h.siteId, leaseId: lease.leaseId, overdue: true },
        { caller: h.hq },
      );
      const balance = await h.billing.GetLeaseBalance(
        { siteId: h.siteId, leaseId: lease.leaseId },
        { caller: h.hq },
      );
      return { listed: listed.bills.map((b) => b.overdue), owed: balance.overdueMinor };
    };
    const before = h.now.value;
    try {
      // Due 2026-03-05. Late on the 5th in Shanghai: not yet.
      h.now.value = new Date("2026-03-05T23:30:00+08:00");
      expect(await overdue()).toEqual({ listed: [], owed: 0 });
      // Half past midnight in Shanghai (still the 5th in UTC): overdue, nothing flagged it yet.
      h.now.value = new Date("2026-03-06T00:30:00+08:00");
      expect(await overdue()).toEqual({ listed: [true], owed: 300_000 });
      expect(await h.db.bill.count({ where: { leaseId: lease.leaseId, overdue: true } })).toBe(0);
    } finally {
      h.now.value = before;
    }
  });

  it("accrues late fees daily after the grace period, once per day, up to the cap", async () => {
    const lease = h.lease({ months: 1, start: "2026-03-01", rentMinor: 1_000_000 });
    await h.publish(EventTypes.LeaseActivated, lease);
    await run("2026-03-01");
    // Due 2026-03-05, grace 5 days: fees from 2026-03-11, 0.05 % a day of 1,000,000 = 500.
    const [march] = await bills(lease.leaseId);
    const accruals = () => h.db.lateFeeAccrual.count({ where: { billId: march!.id } });
    await h.billing.AccrueLateFees(
      { siteId: h.siteId, throughDate: "2026-03-10" },
      { caller: h.hq },
    );
    expect(await accruals()).toBe(0);
    await h.billing.AccrueLateFees(
      { siteId: h.siteId, throughDate: "2026-03-20" },
      { caller: h.hq },
    );
    await h.billing.AccrueLateFees(
      { siteId: h.siteId, throughDate: "2026-03-20" },
      { caller: h.hq },
    );
    const late = (await bills(lease.leaseId)).find((b) => b.kind === "late_fee")!;
    expect(late.amountMinor).toBe(10 * 500);
    // Paying half on 2026-03-20 halves the daily fee from 2026-03-21.
    await h.billing.AllocatePayment(
      {
        siteId: h.siteId,
        paymentId: "pay_late",
        customerId: lease.customerId,
        leaseId: lease.leaseId,
        amountMinor: 500_000,
        currencyCode: "CNY",
        billIds: [(await bills(lease.leaseId))[0]!.id],
        receivedAt: "2026-03-20T15:00:00+08:00",
      },
      { caller: h.hq },
    );
    await h.billing.AccrueLateFees(
      { siteId: h.siteId, throughDate: "2026-03-25" },
      { caller: h.hq },
    );
    expect((await bills(lease.leaseId)).find((b) => b.kind === "late_fee")!.amountMinor).toBe(
      10 * 500 + 5 * 250,
    );
    // The cap: 20 % of 1,000,000 = 200,000, never more however long it stays unpaid.
    await h.billing.AccrueLateFees(
      { siteId: h.siteId, throughDate: "2028-12-31" },
      { caller: h.hq },
    );
    expect((await bills(lease.leaseId)).find((b) => b.kind === "late_fee")!.amountMinor).toBe(
      200_000,
    );
    await h.settled();
    expect(
      h.events.filter((e) => e.type === "billing.bill.overdue" && e.data.leaseId === lease.leaseId),
    ).toHaveLength(1);
  }, 20_000);
});

describe("late fees and a payment history that changes afterwards", () => {
  it("takes back fees for days a late-entered payment covered, and restores them on reversal", async () => {
    const lease = h.lease({ months: 1, start: "2026-03-01", rentMinor: 1_000_000 });
    await h.publish(EventTypes.LeaseActivated, lease);
    await run("2026-03-01");
    const [march] = await bills(lease.leaseId);
    const lateFee = async () => (await bills(lease.leaseId)).find((b) => b.kind === "late_fee")!;
    // Due 2026-03-05, grace 5: 500 a day from 2026-03-11; accrued through the 20th = 10 days.
    await h.billing.AccrueLateFees(
      { siteId: h.siteId, throughDate: "2026-03-20" },
      { caller: h.hq },
    );
    expect((await lateFee()).amountMinor).toBe(5_000);
    // The tenant had paid in full on the 12th; the cashier enters it on the 21st.
    h.now.value = new Date("2026-03-21T10:00:00+08:00");
    try {
      await h.billing.AllocatePayment(
        {
          siteId: h.siteId,
          paymentId: "pay_backdated",
          customerId: lease.customerId,
          leaseId: lease.leaseId,
          amountMinor: 1_000_000,
          currencyCode: "CNY",
          billIds: [march!.id],
          receivedAt: "2026-03-12T09:00:00+08:00",
        },
        { caller: h.hq },
      );
      // Owed: the 11th and 12th (each day on the balance of the day before), nothing after.
      expect(await lateFee()).toMatchObject({ amountMinor: 1_000, balanceMinor: 1_000 });
      expect(
        (
          await h.db.lateFeeAccrual.findMany({
            where: { billId: march!.id },
            orderBy: { date: "asc" },
          })
        ).map((a) => [a.date.toISOString().slice(0, 10), Number(a.amountMinor)]),
      ).toEqual([
        ["2026-03-11", 500],
        ["2026-03-12", 500],
      ]);
      // The payment bounces, reversed on the 22nd: the days from then on are owed again as they accrue.
      h.now.value = new Date("2026-03-22T10:00:00+08:00");
      await h.billing.ReverseAllocation(
        { siteId: h.siteId, paymentId: "pay_backdated", reason: "bounced" },
        { caller: h.hq },
      );
      await h.billing.AccrueLateFees(
        { siteId: h.siteId, throughDate: "2026-03-25" },
        { caller: h.hq },
      );
      // 11th, 12th, then 23rd–25th (the balance is back from the 22nd).
      expect((await lateFee()).amountMinor).toBe(5 * 500);
    } finally {
      h.now.value = new Date("2026-03-01T12:00:00+08:00");
    }
  });
});

describe("meters", () => {
  it("splits a shared meter's cost by area so the parts add up exactly", async () => {
    const units: string[] = [];
    for (const [code, area] of [
      ["M-1", "33.33"],
      ["M-2", "33.33"],
      ["M-3", "33.34"],
    ] as const) {
      const { unit } = await h.assets.CreateUnit(
        {
          siteId: h.siteId,
          code,
          name: code,
          kind: "UNIT_KIND_SHOP",
          grossAreaM2: area,
          listRentMonthlyMinor: 100_000,
        },
        { caller: h.hq },
      );
      units.push(unit!.id);
      await h.publish(EventTypes.LeaseActivated, h.lease({ months: 12, unitIds: [unit!.id] }));
    }
    const read = (readingDate: string, valueMilli: number) =>
      h.billing.RecordMeterReading(
        {
          siteId: h.siteId,
          meterCode: "W-SHARED-1",
          kind: "water",
          sharedUnitIds: units,
          readingDate,
          valueMilli,
        },
        { caller: h.hq },
      );
    await read("2026-02-28", 1_000_000);
    await read("2026-03-31", 1_100_000);
    const result = await h.billing.BillMeter(
      {
        siteId: h.siteId,
        meterCode: "W-SHARED-1",
        fromDate: "2026-02-28",
        toDate: "2026-03-31",
        unitPriceMinor: 1_001,
      },
      { caller: h.hq },
    );
    expect(result.consumptionMilli).toBe(100_000);
    expect(result.totalMinor).toBe(100_100);
    // Exact shares of 100,100 by 3,333 : 3,333 : 3,334 are 33,363.3…, 33,363.3…, 33,373.3…
    expect(result.bills.map((b) => b.amountMinor).sort()).toEqual([33_363, 33_363, 33_374]);
    expect(result.bills.reduce((s, b) => s + b.amountMinor, 0)).toBe(100_100);
    expect((await failure(read("2026-03-31", 1_200_000))).kind).toBe("conflict");
  });
});
