import { describe, expect, it } from "vitest";
import type { ImportPlan, SheetTotals } from "./plan.ts";
import { differences, rowDifferences, type SystemRows } from "./reconciliation.ts";

const totals = (): SheetTotals => ({
  units: { count: 2, grossAreaHundredths: 20_050, usableAreaHundredths: 18_000 },
  customers: { count: 2 },
  leases: { count: 1, monthlyRentRollMinor: 500_000 },
  arrears: { count: 2, totalMinor: 300_001, byFeeCode: { rent: 300_000, water: 1 } },
  deposits: { count: 1, heldMinor: 1_000_000 },
  prepayments: { count: 0, totalMinor: 0 },
});

describe("differences", () => {
  it("finds none when the system holds what the sheet says", () => {
    expect(differences(totals(), totals())).toEqual([]);
  });

  it("names each figure that differs, fee codes on either side included, to the fen", () => {
    const system = totals();
    system.units.grossAreaHundredths = 20_049;
    system.arrears.byFeeCode = { rent: 300_000, parking: 1 };
    system.prepayments.totalMinor = 1;
    expect(differences(totals(), system)).toEqual([
      { figure: "units.grossAreaHundredths", sheet: 20_050, system: 20_049 },
      { figure: "arrears.byFeeCode.parking", sheet: 0, system: 1 },
      { figure: "arrears.byFeeCode.water", sheet: 1, system: 0 },
      { figure: "prepayments.totalMinor", sheet: 0, system: 1 },
    ]);
  });
});

describe("rowDifferences", () => {
  // Only the fields the comparison reads; the rest of a plan does not matter to it.
  const plan = {
    units: [
      {
        sheet: "units",
        row: 3,
        key: "u1",
        grossAreaHundredths: 8_550,
        usableAreaHundredths: 8_000,
      },
      {
        sheet: "units",
        row: 4,
        key: "u2",
        grossAreaHundredths: 12_000,
        usableAreaHundredths: 12_000,
      },
    ],
    leases: [
      {
        sheet: "leases",
        row: 3,
        key: "l1",
        // 36,000.01 a quarter: 12,000.00 a month, rounded half up.
        terms: { rent: { kind: "per_period", amountMinor: 3_600_001 }, frequency: "quarterly" },
      },
    ],
    arrears: [
      { sheet: "arrears", row: 3, key: "a1", amountMinor: 650_000 },
      { sheet: "arrears", row: 4, key: "a2", amountMinor: 1 },
    ],
    deposits: [{ sheet: "deposits", row: 3, key: "d1", amountMinor: 1_300_000 }],
    prepayments: [{ sheet: "prepayments", row: 3, key: "p1", amountMinor: 50_050 }],
  } as unknown as ImportPlan;
  const made = {
    unit: { u1: "unt_1", u2: "unt_2" },
    lease: { l1: "lea_1" },
    bill: { a1: "bil_1", a2: "bil_2" },
    deposit: { d1: "dep_1" },
    prepayment: { p1: "ppe_1" },
  };
  const held = (): SystemRows => ({
    units: new Map([
      ["unt_1", { grossAreaHundredths: 8_550, usableAreaHundredths: 8_000 }],
      ["unt_2", { grossAreaHundredths: 12_000, usableAreaHundredths: 12_000 }],
    ]),
    leases: new Map([["lea_1", 1_200_000]]),
    bills: new Map([
      ["bil_1", 650_000],
      ["bil_2", 1],
    ]),
    deposits: new Map([["dep_1", 1_300_000]]),
    prepayments: new Map([["ppe_1", 50_050]]),
  });

  it("finds none when every object is held as its row says", () => {
    expect(rowDifferences(plan, made, held())).toEqual([]);
  });

  it("names each row the system holds differently, or not at all, by sheet and row", () => {
    const system = held();
    system.units = new Map([
      ["unt_1", { grossAreaHundredths: 8_550, usableAreaHundredths: 7_999 }],
    ]);
    system.leases = new Map([["lea_1", 1_200_001]]);
    system.bills = new Map([
      ["bil_1", 650_000],
      ["bil_2", 2],
    ]);
    system.deposits = new Map();
    const row = (
      sheet: string,
      r: number,
      figure: string,
      a: number,
      b: number,
      missing = false,
    ) => ({
      sheet,
      row: r,
      figure,
      sheetValue: a,
      systemValue: b,
      missing,
    });
    expect(rowDifferences(plan, made, system)).toEqual([
      row("units", 3, "usableAreaHundredths", 8_000, 7_999),
      row("units", 4, "grossAreaHundredths", 12_000, 0, true),
      row("leases", 3, "monthlyRentMinor", 1_200_000, 1_200_001),
      row("arrears", 4, "amountMinor", 1, 2),
      row("deposits", 3, "amountMinor", 1_300_000, 0, true),
    ]);
    // A row the commit made nothing of is missing too.
    expect(rowDifferences(plan, { ...made, prepayment: {} }, held())).toEqual([
      row("prepayments", 3, "amountMinor", 50_050, 0, true),
    ]);
  });
});
