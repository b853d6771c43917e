import { describe, expect, it } from "vitest";
import type { SheetTotals } from "./plan.ts";
import { differences } from "./reconciliation.ts";

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
