import { createTestDatabase } from "@slms/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// Billing's own harness: assets, customers, contracts and billing on one in-process bus.
import { EventTypes, type Harness, startHarness } from "../../billing/test/harness.ts";
import {
  migrationsDir,
  type RunningReportingService,
  startReportingService,
} from "../src/service.ts";
import { getCollectionRate } from "../src/use-cases/get-collection-rate.ts";
import { getDashboard } from "../src/use-cases/get-dashboard.ts";
import { getReceivablesAgeing } from "../src/use-cases/get-receivables-ageing.ts";
import { getRevenue } from "../src/use-cases/get-revenue.ts";

// Reporting against the billing service's own numbers, to the fen: a site with leases billed for
// three months, payments spread over several bills, one reversed, and waivers (one approved at
// once, one after approval) — then every receivables figure reporting shows must equal what
// billing's bills say.
let h: Harness;
let reporting: RunningReportingService;
let closeDb: () => Promise<void>;

beforeAll(async () => {
  h = await startHarness("reconcile");
  const database = await createTestDatabase({ migrationsDir, label: "reconcile_reporting" });
  closeDb = () => database.close();
  // Subscribed before any lease exists: it hears every bill from its issue on.
  reporting = await startReportingService({
    databaseUrl: database.url,
    bus: h.bus,
    logger: h.service.deps.logger,
    grpcAddress: "127.0.0.1:0",
    clock: () => new Date("2026-04-20T04:00:00Z"),
  });
});

afterAll(async () => {
  await reporting?.close(0);
  await h?.close();
  await closeDb?.();
});

const pay = (
  lease: { leaseId: string; customerId: string },
  paymentId: string,
  amountMinor: number,
  receivedAt: string,
) =>
  h.billing.AllocatePayment(
    {
      siteId: h.siteId,
      paymentId,
      customerId: lease.customerId,
      leaseId: lease.leaseId,
      amountMinor,
      currencyCode: "CNY",
      billIds: [],
      receivedAt,
    },
    { caller: h.hq },
  );

describe("reports reconcile with billing", () => {
  it("shows the open balances, billed, waived and collected amounts billing holds", async () => {
    const big = h.lease({ months: 3, rentMinor: 500_000 });
    const small = h.lease({ months: 3, rentMinor: 333_333 });
    const short = h.lease({ months: 1, rentMinor: 120_001 });
    for (const lease of [big, small, short]) await h.publish(EventTypes.LeaseActivated, lease);
    await h.runTo("2026-03-01");

    await pay(big, "pay_rec_1", 500_000, "2026-01-04T10:00:00+08:00");
    await pay(big, "pay_rec_2", 250_001, "2026-02-06T09:00:00+08:00");
    await pay(small, "pay_rec_3", 700_000, "2026-02-28T23:30:00+08:00"); // Jan, Feb and part of Mar
    await pay(short, "pay_rec_4", 120_001, "2026-01-02T08:00:00+08:00");
    await h.billing.ReverseAllocation(
      { siteId: h.siteId, paymentId: "pay_rec_4", reason: "bounced" },
      { caller: h.hq },
    );
    const [smallMarch] = (await h.billsOf(small.leaseId)).slice(-1);
    await h.billing.RequestWaiver(
      { siteId: h.siteId, billId: smallMarch!.id, amountMinor: 33_333, reason: "goodwill" },
      { caller: h.hq },
    );
    const [bigMarch] = (await h.billsOf(big.leaseId)).slice(-1);
    const pending = await h.billing.RequestWaiver(
      { siteId: h.siteId, billId: bigMarch!.id, amountMinor: 200_000, reason: "dispute" },
      { caller: h.staffAt(h.siteId, "usr_clerk", ["site_manager"]) },
    );
    await h.billing.DecideWaiver(
      { siteId: h.siteId, id: pending.waiver!.id, approve: true, note: "agreed" },
      { caller: h.hq },
    );
    await h.settled();

    // Billing's own numbers.
    const bills = [
      ...(await h.billsOf(big.leaseId)),
      ...(await h.billsOf(small.leaseId)),
      ...(await h.billsOf(short.leaseId)),
    ];
    expect(bills).toHaveLength(7);
    const total = (pick: (b: (typeof bills)[number]) => number) =>
      bills.reduce((n, b) => n + pick(b), 0);
    const balance = (b: (typeof bills)[number]) => b.amountMinor - b.allocatedMinor - b.waivedMinor;
    const open = bills.filter((b) => balance(b) > 0);

    const deps = reporting.deps;
    const ageing = await getReceivablesAgeing(deps, h.hq, h.siteId, { topDebtors: 100 });
    expect(Number(ageing.sites[0]!.total.openMinor)).toBe(total(balance));
    expect(ageing.sites[0]!.total.openBills).toBe(open.length);
    // All due by 20 April: everything open is past due, none of it more than 90 days.
    expect(Number(ageing.sites[0]!.total.notDueMinor)).toBe(0);
    expect(Number(ageing.sites[0]!.total.overdueOver90Minor)).toBe(
      total((b) => (b.dueDate < "2026-01-20" ? balance(b) : 0)),
    );
    const byCustomer = new Map<string, number>();
    for (const b of bills)
      byCustomer.set(b.customerId, (byCustomer.get(b.customerId) ?? 0) + balance(b));
    expect(
      Object.fromEntries(ageing.topDebtors.map((d) => [d.customerId, Number(d.ageing.openMinor)])),
    ).toEqual(Object.fromEntries([...byCustomer].filter(([, owed]) => owed > 0)));

    const revenue = await getRevenue(deps, h.hq, h.siteId, {
      fromDate: "2025-12-01",
      toDate: "2026-04-30",
    });
    const sum = (key: "billedMinor" | "waivedMinor" | "collectedMinor") =>
      revenue.reduce((n, l) => n + Number(l[key]), 0);
    expect(sum("billedMinor")).toBe(total((b) => b.amountMinor));
    expect(sum("waivedMinor")).toBe(total((b) => b.waivedMinor));
    expect(sum("collectedMinor")).toBe(total((b) => b.allocatedMinor));

    const collection = await getCollectionRate(deps, h.hq, h.siteId, {
      fromMonth: "2026-01",
      toMonth: "2026-04",
    });
    const totals = collection.filter((l) => l.feeCode === null);
    for (const line of totals) {
      const due = bills.filter((b) => b.dueDate.startsWith(line.month));
      expect([line.month, Number(line.billedMinor)]).toEqual([
        line.month,
        due.reduce((n, b) => n + b.amountMinor - b.waivedMinor, 0),
      ]);
      expect([line.month, Number(line.collectedMinor)]).toEqual([
        line.month,
        due.reduce((n, b) => n + b.allocatedMinor, 0),
      ]);
    }
    // April: nothing is due, and the arrears brought in are every balance still open.
    const april = totals.find((l) => l.month === "2026-04");
    expect(Number(april?.arrearsOpeningMinor)).toBe(total(balance));

    const dashboard = await getDashboard(deps, h.hq, h.siteId);
    expect(Number(dashboard.sites[0]!.arrearsMinor)).toBe(total(balance));
  });
});
