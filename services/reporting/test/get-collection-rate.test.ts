import type { DomainError } from "@slms/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyEvent } from "../src/use-cases/apply-event.ts";
import { getCollectionRate } from "../src/use-cases/get-collection-rate.ts";
import { getRevenue } from "../src/use-cases/get-revenue.ts";
import { billHistory, hq, readModels, siteCreated } from "./support.ts";

// One Shanghai site (UTC+8); every figure below is worked by hand in the comments.
//   A rent 100,000 due 04-05 (period April): 60,000 paid 04-20, 40,000 paid 05-10.
//   B mgmt  50,000 due 04-10 (period April): 10,000 waived 04-12; 40,000 paid at 16:30Z on
//     30 April — already 1 May in Shanghai.
//   C rent 100,000 due 05-05 (period May): 30,000 paid 16:30Z 1 May (2 May there), 20,000 06-03.
//   D rent  80,000 due 03-05 (period March): 20,000 paid 03-20, 30,000 04-15, 10,000 05-20.
//   L late_fee 1,000 due 04-05 (period April), raised by 500 on 04-20 and by 500 on 05-05.
let models: Awaited<ReturnType<typeof readModels>>;

beforeAll(async () => {
  models = await readModels("collection_rate");
  const apply = (e: Parameters<typeof applyEvent>[1]) => applyEvent(models.deps, e);
  await apply(siteCreated("sit_sh", "Asia/Shanghai"));
  const history = (
    id: string,
    feeCode: string,
    amountMinor: number,
    dueDate: string,
    periodStart: string,
    issuedAt: string,
  ) => billHistory("sit_sh", id, { amountMinor, dueDate, periodStart, feeCode, issuedAt });
  const a = history("A", "rent", 100_000, "2026-04-05", "2026-04-01", "2026-03-26T02:00:00.000Z");
  const b = history("B", "mgmt", 50_000, "2026-04-10", "2026-04-01", "2026-03-31T02:00:00.000Z");
  const c = history("C", "rent", 100_000, "2026-05-05", "2026-05-01", "2026-04-25T02:00:00.000Z");
  const d = history("D", "rent", 80_000, "2026-03-05", "2026-03-01", "2026-02-20T02:00:00.000Z");
  const l = history("L", "late_fee", 1_000, "2026-04-05", "2026-04-05", "2026-04-06T02:00:00.000Z");
  const events = [
    a.issued(),
    a.change("allocated", { allocated: 60_000 }, "2026-04-20T02:00:00.000Z"),
    a.change("allocated", { allocated: 40_000 }, "2026-05-10T02:00:00.000Z"),
    b.issued(),
    b.change("waived", { waived: 10_000 }, "2026-04-12T02:00:00.000Z"),
    b.change("allocated", { allocated: 40_000 }, "2026-04-30T16:30:00.000Z"),
    c.issued(),
    c.change("allocated", { allocated: 30_000 }, "2026-05-01T16:30:00.000Z"),
    c.change("allocated", { allocated: 20_000 }, "2026-06-03T02:00:00.000Z"),
    d.issued(),
    d.change("allocated", { allocated: 20_000 }, "2026-03-20T02:00:00.000Z"),
    d.change("allocated", { allocated: 30_000 }, "2026-04-15T02:00:00.000Z"),
    d.change("allocated", { allocated: 10_000 }, "2026-05-20T02:00:00.000Z"),
    l.issued(),
    l.change("resized", { amount: 500 }, "2026-04-20T02:00:00.000Z"),
    l.change("resized", { amount: 500 }, "2026-05-05T02:00:00.000Z"),
  ];
  // Order and repeats do not matter: newest first, each twice.
  for (const e of [...events].reverse()) await apply(e);
  for (const e of events) await apply(e);
});
afterAll(async () => {
  await models?.close();
});

describe("GetCollectionRate", () => {
  it("reports billed against collected, by the month's end, and the arrears brought in", async () => {
    const lines = await getCollectionRate(models.deps, hq, undefined, {
      fromMonth: "2026-04",
      toMonth: "2026-05",
    });
    const row = (l: (typeof lines)[number]) => [
      l.month,
      l.feeCode,
      Number(l.billedMinor),
      Number(l.collectedMinor),
      l.rateBp,
      Number(l.collectedInMonthMinor),
      l.currentRateBp,
      Number(l.arrearsOpeningMinor),
      Number(l.arrearsCollectedMinor),
      l.arrearsRateBp,
    ];
    expect(lines.map(row)).toEqual([
      // April: A, B (net of its waiver) and L are due. 140,000 of 142,000 collected = 98.59%;
      // by 30 April (Shanghai) only A's 60,000 = 42.25%. Arrears: D owed 60,000 on 1 April,
      // 30,000 of it came in.
      ["2026-04", null, 142_000, 140_000, 9859, 60_000, 4225, 60_000, 30_000, 5000],
      ["2026-04", "late_fee", 2_000, 0, 0, 0, 0, 0, 0, 0],
      ["2026-04", "mgmt", 40_000, 40_000, 10000, 0, 0, 0, 0, 0],
      ["2026-04", "rent", 100_000, 100_000, 10000, 60_000, 6000, 60_000, 30_000, 5000],
      // May: C is due, 50,000 collected, 30,000 of it in May. Arrears on 1 May: A 40,000, D
      // 30,000, B 40,000 (its payment is May's in Shanghai) and L 1,500; 90,000 came in.
      ["2026-05", null, 100_000, 50_000, 5000, 30_000, 3000, 111_500, 90_000, 8072],
      ["2026-05", "late_fee", 0, 0, 0, 0, 0, 1_500, 0, 0],
      ["2026-05", "mgmt", 0, 0, 0, 0, 0, 40_000, 40_000, 10000],
      ["2026-05", "rent", 100_000, 50_000, 5000, 30_000, 3000, 70_000, 50_000, 7143],
    ]);
    expect(lines.every((l) => l.siteId === "sit_sh" && l.currency === "CNY")).toBe(true);
  });

  it("refuses a range the wrong way round or longer than 24 months, naming the field", async () => {
    for (const range of [
      { fromMonth: "2026-05", toMonth: "2026-04" },
      { fromMonth: "2024-01", toMonth: "2026-01" },
      { fromMonth: "2026-01", toMonth: "2026-13" },
    ]) {
      const error = (await getCollectionRate(models.deps, hq, undefined, range).catch(
        (e: unknown) => e,
      )) as DomainError;
      expect([error.kind, error.details.map((d) => d.field)]).toEqual(["invalid", ["toMonth"]]);
    }
  });
});

describe("GetRevenue", () => {
  it("reports billed and waived by period month and collected by the day it came in", async () => {
    const lines = await getRevenue(models.deps, hq, "sit_sh", {
      fromDate: "2026-04-01",
      toDate: "2026-05-31",
    });
    expect(
      lines.map((l) => [
        l.month,
        l.feeCode,
        l.bills,
        Number(l.billedMinor),
        Number(l.waivedMinor),
        Number(l.netBilledMinor),
        Number(l.collectedMinor),
      ]),
    ).toEqual([
      ["2026-04", "late_fee", 1, 2_000, 0, 2_000, 0],
      ["2026-04", "mgmt", 1, 50_000, 10_000, 40_000, 0],
      // A's 60,000 and D's 30,000 came in during April.
      ["2026-04", "rent", 1, 100_000, 0, 100_000, 90_000],
      ["2026-05", "mgmt", 0, 0, 0, 0, 40_000],
      // A's 40,000, C's 30,000 and D's 10,000; C's June payment is outside the range.
      ["2026-05", "rent", 1, 100_000, 0, 100_000, 80_000],
    ]);
  });

  it("refuses a range longer than five years", async () => {
    const error = (await getRevenue(models.deps, hq, undefined, {
      fromDate: "2020-01-01",
      toDate: "2026-01-01",
    }).catch((e: unknown) => e)) as DomainError;
    expect([error.kind, error.details.map((d) => d.field)]).toEqual(["invalid", ["toDate"]]);
  });
});
