import { DomainError } from "@slms/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyEvent } from "../src/use-cases/apply-event.ts";
import { getDashboard } from "../src/use-cases/get-dashboard.ts";
import { getReceivablesAgeing } from "../src/use-cases/get-receivables-ageing.ts";
import { billHistory, customerEvent, hq, readModels, siteCreated, staffAt } from "./support.ts";

// The clock: 2026-06-15T04:00Z, 12:00 on 15 June in Shanghai, 00:00 on 15 June in New York.
let models: Awaited<ReturnType<typeof readModels>>;
const apply = (e: Parameters<typeof applyEvent>[1]) => applyEvent(models.deps, e);

beforeAll(async () => {
  models = await readModels("receivables_ageing");
  await apply(siteCreated("sit_sh", "Asia/Shanghai"));
  await apply(siteCreated("sit_ny", "America/New_York"));
  await apply(customerEvent("sit_sh", "cus_a", "Alpha Co"));
  await apply(customerEvent("sit_sh", "cus_b", "Beta Ltd"));
  const bill = (
    id: string,
    amountMinor: number,
    dueDate: string,
    customerId: string,
    feeCode = "rent",
  ) => billHistory("sit_sh", id, { amountMinor, dueDate, customerId, feeCode });

  await apply(bill("b1", 100_000, "2026-06-15", "cus_a").issued()); // due today: not due
  // b2: its payment heard of before the bill itself.
  const b2 = bill("b2", 200_000, "2026-06-14", "cus_a"); // 1 day past due
  const paidB2 = b2.change("allocated", { allocated: 50_000 }, "2026-06-14T03:00:00.000Z");
  await apply(paidB2);
  await apply(b2.issued());
  await apply(bill("b3", 300_000, "2026-05-16", "cus_a", "mgmt").issued()); // 30 days
  // b4: waived in part; the waiver heard of twice.
  const b4 = bill("b4", 400_000, "2026-05-15", "cus_b"); // 31 days
  await apply(b4.issued());
  const waived = b4.change("waived", { waived: 100_000 }, "2026-05-20T03:00:00.000Z");
  await apply(waived);
  await apply(waived);
  await apply(bill("b5", 500_000, "2026-04-16", "cus_b").issued()); // 60 days
  await apply(bill("b6", 600_000, "2026-04-15", "cus_c", "mgmt").issued()); // 61 days
  await apply(bill("b7", 700_000, "2026-03-17", "cus_c").issued()); // 90 days
  await apply(bill("b8", 800_000, "2026-03-16", "cus_c").issued()); // 91 days
  // b9: paid in two, the second (which settles it) heard of first.
  const b9 = bill("b9", 900_000, "2026-01-01", "cus_d");
  const first = b9.change("allocated", { allocated: 500_000 }, "2026-01-02T03:00:00.000Z");
  const second = b9.change("allocated", { allocated: 400_000 }, "2026-01-03T03:00:00.000Z");
  await apply(b9.issued());
  await apply(second);
  await apply(first);
  // b10: waived in full.
  const b10 = bill("b10", 50_000, "2026-02-01", "cus_d");
  await apply(b10.issued());
  await apply(b10.change("waived", { waived: 50_000 }, "2026-02-02T03:00:00.000Z"));

  await apply(
    billHistory("sit_ny", "n1", { amountMinor: 100_000, dueDate: "2026-06-14" }).issued(),
  );
});
afterAll(async () => {
  await models?.close();
});

const buckets = (a: {
  notDueMinor: bigint;
  overdue1to30Minor: bigint;
  overdue31to60Minor: bigint;
  overdue61to90Minor: bigint;
  overdueOver90Minor: bigint;
  openMinor: bigint;
  openBills: number;
}) => [
  Number(a.notDueMinor),
  Number(a.overdue1to30Minor),
  Number(a.overdue31to60Minor),
  Number(a.overdue61to90Minor),
  Number(a.overdueOver90Minor),
  Number(a.openMinor),
  a.openBills,
];

describe("GetReceivablesAgeing", () => {
  it("buckets each open balance by days past due on the site's today, per site and fee item", async () => {
    models.now.value = new Date("2026-06-15T04:00:00Z");
    const { sites } = await getReceivablesAgeing(models.deps, hq, "sit_sh", {});
    expect(sites.map((s) => [s.siteId, s.currency, buckets(s.total)])).toEqual([
      ["sit_sh", "CNY", [100_000, 450_000, 800_000, 1_300_000, 800_000, 3_450_000, 8]],
    ]);
    expect(sites[0]!.byFeeItem.map((f) => [f.feeCode, buckets(f.ageing)])).toEqual([
      ["mgmt", [0, 300_000, 0, 600_000, 0, 900_000, 2]],
      ["rent", [100_000, 150_000, 800_000, 700_000, 800_000, 2_550_000, 6]],
    ]);
  });

  it("lists the customers owing the most, with their names once heard of", async () => {
    const { topDebtors } = await getReceivablesAgeing(models.deps, hq, "sit_sh", { topDebtors: 2 });
    expect(
      topDebtors.map((d) => [d.customerId, d.customerName, Number(d.ageing.openMinor)]),
    ).toEqual([
      ["cus_c", "", 2_100_000],
      ["cus_b", "Beta Ltd", 800_000],
    ]);
    const all = await getReceivablesAgeing(models.deps, hq, undefined, {});
    expect(all.topDebtors.map((d) => d.customerId)).toEqual(["cus_c", "cus_b", "cus_a", "cus_1"]);
  });

  it("counts days in each site's own time zone", async () => {
    // 03:00Z: 14 June 23:00 in New York, where a bill due on the 14th is not late yet.
    models.now.value = new Date("2026-06-15T03:00:00Z");
    const early = await getReceivablesAgeing(models.deps, hq, "sit_ny", {});
    expect(buckets(early.sites[0]!.total)).toEqual([100_000, 0, 0, 0, 0, 100_000, 1]);
    models.now.value = new Date("2026-06-15T04:00:00Z");
    const later = await getReceivablesAgeing(models.deps, hq, "sit_ny", {});
    expect(buckets(later.sites[0]!.total)).toEqual([0, 100_000, 0, 0, 0, 100_000, 1]);
  });

  it("shows a site user only their sites; another site named is NOT_FOUND", async () => {
    const mine = await getReceivablesAgeing(models.deps, staffAt("sit_ny"), undefined, {});
    expect(mine.sites.map((s) => s.siteId)).toEqual(["sit_ny"]);
    expect(mine.topDebtors.every((d) => d.siteId === "sit_ny")).toBe(true);
    const error = await getReceivablesAgeing(models.deps, staffAt("sit_ny"), "sit_sh", {}).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe("not_found");
  });

  it("refuses a top-debtors count out of range, naming it", async () => {
    const error = await getReceivablesAgeing(models.deps, hq, undefined, { topDebtors: 101 }).catch(
      (e: unknown) => e,
    );
    expect((error as DomainError).kind).toBe("invalid");
    expect((error as DomainError).details.map((f) => f.field)).toEqual(["topDebtors"]);
  });

  it("gives the dashboard this month's bills, how much of them is collected, and arrears", async () => {
    models.now.value = new Date("2026-06-15T04:00:00Z");
    const { sites } = await getDashboard(models.deps, hq, "sit_sh");
    const site = sites[0]!;
    // June's bills: b1 100,000 and b2 200,000, of which 50,000 paid.
    expect(Number(site.billedThisMonthMinor)).toBe(300_000);
    expect(Number(site.billedThisMonthCollectedMinor)).toBe(50_000);
    // Everything open but b1, which is due today.
    expect(Number(site.arrearsMinor)).toBe(3_350_000);
  });
});
