import { createPrismaClient } from "@slms/db";
import { createTestDatabase, type TestDatabase } from "@slms/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planRowsOf, rowDifferencesOf, storedPlanRows } from "../src/commit/plan-rows.ts";
import type { ImportPlan } from "../src/domain/plan.ts";
import { rowDifferences, type SystemRows } from "../src/domain/reconciliation.ts";
import { PrismaClient } from "../src/generated/prisma/client.ts";
import { migrationsDir } from "../src/service.ts";

let database: TestDatabase;
let db: PrismaClient;

// 4,500 units (three slices of 2,000), one lease, no other rows: enough to cross slice bounds.
const unit = (i: number) => ({
  key: `u${i}`,
  sheet: "单元",
  row: i + 2,
  code: `A-${i}`,
  grossAreaHundredths: 10_000 + i,
  usableAreaHundredths: 8_000 + i,
});
const plan = {
  siteKey: "sit_1",
  currency: "CNY",
  asOf: "2026-01-01",
  units: Array.from({ length: 4_500 }, (_, i) => unit(i)),
  customers: [],
  leases: [
    {
      key: "l0",
      sheet: "合同",
      row: 2,
      terms: { rent: { kind: "per_period", amountMinor: 300_000 }, frequency: "monthly" },
    },
  ],
  arrears: [],
  deposits: [],
  prepayments: [],
  totals: {},
} as unknown as ImportPlan;

beforeAll(async () => {
  database = await createTestDatabase({ migrationsDir, label: "plan_rows" });
  db = createPrismaClient(PrismaClient, { url: database.url });
  const at = new Date();
  await db.importJob.create({
    data: {
      id: "imp_1",
      orgId: "org_1",
      siteId: "sit_1",
      fileName: "site.xlsx",
      goLiveDate: new Date("2026-01-01"),
      status: "validated",
      workbook: new Uint8Array([1]),
      plan: plan as never,
      counts: {},
      sheetTotals: {},
      createdBy: "usr_1",
      callerRoles: [],
      createdAt: at,
      updatedAt: at,
    },
  });
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.close();
});

describe("storedPlanRows", () => {
  it("counts each sheet and reads any slice of the stored plan, as the plan in memory has it", async () => {
    const stored = await storedPlanRows(db, "imp_1");
    const memory = planRowsOf(plan);
    expect(stored.counts).toEqual(memory.counts);
    expect(stored.counts).toMatchObject({ units: 4_500, leases: 1, arrears: 0 });
    for (const [from, count] of [
      [0, 2_000],
      [2_000, 2_000],
      [4_000, 2_000],
      [4_499, 1],
      [4_500, 2_000],
      [10_000, 5],
    ] as const)
      expect(await stored.slice("units", from, count)).toEqual(
        await memory.slice("units", from, count),
      );
    expect(await stored.slice("units", 4_000, 2_000)).toHaveLength(500);
    expect(await stored.slice("arrears", 0, 2_000)).toEqual([]);
  });
});

describe("rowDifferencesOf", () => {
  it("finds what rowDifferences finds over the whole plan, slice by slice, in the same order", async () => {
    const made = {
      unit: Object.fromEntries(plan.units.map((u, i) => [u.key, `unt_${i}`])),
      lease: { l0: "lea_0" },
    };
    // Every 997th unit differs in its gross area; one unit is missing; the lease is right.
    const units = new Map(
      plan.units
        .filter((_, i) => i !== 2_345)
        .map((u, i) => [
          made.unit[u.key]!,
          {
            grossAreaHundredths: u.grossAreaHundredths + (i % 997 === 0 ? 1 : 0),
            usableAreaHundredths: u.usableAreaHundredths,
          },
        ]),
    );
    const system = {
      units,
      leases: new Map([["lea_0", 300_000]]),
      bills: new Map(),
      deposits: new Map(),
      prepayments: new Map(),
    } as unknown as SystemRows;
    const sliced = await rowDifferencesOf(await storedPlanRows(db, "imp_1"), made, system);
    expect(sliced).toEqual(rowDifferences(plan, made, system));
    expect(sliced.filter((d) => d.missing)).toHaveLength(1);
    expect(sliced.length).toBeGreaterThan(4);
  });
});
