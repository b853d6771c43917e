import { addMonths } from "@slms/primitives/civil-date";
import { roundedQuotient } from "@slms/primitives/money";
import { describe, expect, it } from "vitest";
import { feePrice, isRentFree, leaseYear, monthlyRent, rentPrice } from "./pricing.ts";
import { terms } from "./terms.fixtures.ts";
import type { LeaseTerms } from "./terms.ts";

/** A price in factors (hundredths of a fen) as fen, for readable expectations. */
const fen = (factors: readonly number[]) => roundedQuotient([factors], [100]);

describe("leaseYear", () => {
  it.each([
    ["2026-03-15", "2026-03-15", 0],
    ["2026-03-15", "2027-03-14", 0],
    ["2026-03-15", "2027-03-15", 1],
    ["2026-03-15", "2028-03-14", 1],
    ["2026-03-15", "2036-03-15", 10],
    ["2026-01-01", "2026-12-31", 0],
    ["2026-01-01", "2027-01-01", 1],
    // A Feb 29 start: anniversaries on Feb 28 in common years, Feb 29 in leap years.
    ["2024-02-29", "2025-02-27", 0],
    ["2024-02-29", "2025-02-28", 1],
    ["2024-02-29", "2028-02-28", 3],
    ["2024-02-29", "2028-02-29", 4],
  ])("from %s, %s is in year %i", (start, date, year) => {
    expect(leaseYear(start, date)).toBe(year);
  });

  it("refuses a date before the lease", () => {
    expect(() => leaseYear("2026-03-15", "2026-03-14")).toThrow(/before the lease start/);
  });
});

describe("fixed-percent escalation: compounding, rounded half up each year", () => {
  const start = "2026-01-01";
  const yearly = (t: LeaseTerms, years: number) =>
    Array.from({ length: years }, (_, k) => monthlyRent(start, t, addMonths(start, 12 * k)));

  it.each([
    {
      name: "5 % on 10 000.00 CNY a month",
      rent: { kind: "per_period", amountMinor: 1_000_000 } as const,
      basisPoints: 500,
      // 1 215 506.25 → 1 215 506; 1 215 506 × 1.05 = 1 276 281.3 → 1 276 281
      expected: [1_000_000, 1_050_000, 1_102_500, 1_157_625, 1_215_506, 1_276_281],
    },
    {
      name: "5 % on 0.10 CNY: rounding each year compounds (10 × 1.05⁴ would be 12)",
      rent: { kind: "per_period", amountMinor: 10 } as const,
      basisPoints: 500,
      expected: [10, 11, 12, 13, 14],
    },
    {
      name: "0 % leaves the rent alone",
      rent: { kind: "per_period", amountMinor: 1_234_567 } as const,
      basisPoints: 0,
      expected: [1_234_567, 1_234_567, 1_234_567],
    },
    {
      name: "50 % (the maximum)",
      rent: { kind: "per_period", amountMinor: 101 } as const,
      basisPoints: 5000,
      expected: [101, 152, 228, 342], // 151.5 → 152; 228; 342
    },
    {
      // Year 0 is exact (812 335.5); year 1 escalates the exact price: 852 952.275 → 852 952.
      // Rounding year 0 first would give 812 336 × 1.05 = 852 952.8 → 852 953.
      name: "per m²: 95.01 CNY × 85.50 m², year 0 kept exact",
      rent: { kind: "per_m2_month", rateMinorPerM2: 9501, areaHundredths: 8550 } as const,
      basisPoints: 500,
      expected: [812_336, 852_952, 895_600],
    },
  ])("$name", ({ rent, basisPoints, expected }) => {
    const t = terms({ rent, escalation: { kind: "fixed_percent", basisPoints } });
    expect(yearly(t, expected.length)).toEqual(expected);
  });

  it("escalates the full period price of quarterly rent", () => {
    const t = terms({
      frequency: "quarterly",
      rent: { kind: "per_period", amountMinor: 3_000_001 },
      escalation: { kind: "fixed_percent", basisPoints: 250 },
    });
    expect(fen(rentPrice(start, t, "2026-06-30"))).toBe(3_000_001);
    expect(fen(rentPrice(start, t, "2027-01-01"))).toBe(3_075_001); // 3 075 001.025
    expect(fen(rentPrice(start, t, "2028-01-01"))).toBe(3_151_876); // 3 151 876.025
  });
});

describe("stepped escalation", () => {
  const steps = [
    { from: "2027-01-01", value: 1_100_000 },
    { from: "2028-07-16", value: 1_200_000 },
  ];

  it.each([
    ["2026-01-01", 1_000_000],
    ["2026-12-31", 1_000_000],
    ["2027-01-01", 1_100_000],
    ["2028-07-15", 1_100_000],
    ["2028-07-16", 1_200_000],
    ["2030-01-01", 1_200_000],
  ])("per period: on %s the rent is %i", (date, expected) => {
    const t = terms({ escalation: { kind: "stepped", steps } });
    expect(monthlyRent("2026-01-01", t, date)).toBe(expected);
  });

  it.each([
    ["2026-06-01", 812_250], // 95.00 × 85.50
    ["2027-06-01", 855_000], // 100.00 × 85.50
  ])("per m²: a step replaces the rate; on %s the monthly rent is %i", (date, expected) => {
    const t = terms({
      rent: { kind: "per_m2_month", rateMinorPerM2: 9500, areaHundredths: 8550 },
      escalation: { kind: "stepped", steps: [{ from: "2027-01-01", value: 10_000 }] },
    });
    expect(monthlyRent("2026-01-01", t, date)).toBe(expected);
  });
});

describe("monthlyRent", () => {
  it.each([
    ["monthly per period", terms(), 1_000_000],
    [
      "quarterly 30 000.01 → 10 000.0033…",
      terms({ frequency: "quarterly", rent: { kind: "per_period", amountMinor: 3_000_001 } }),
      1_000_000,
    ],
    [
      "annual 100 000.06 → 8 333.3383…",
      terms({ frequency: "annual", rent: { kind: "per_period", amountMinor: 10_000_006 } }),
      833_334,
    ],
    [
      "semi-annual 3.03 → 0.505",
      terms({ frequency: "semi_annual", rent: { kind: "per_period", amountMinor: 303 } }),
      51,
    ],
    [
      "per m², quarterly: 99.99 × 12.34 m² = 1 233.8766",
      terms({
        frequency: "quarterly",
        rent: { kind: "per_m2_month", rateMinorPerM2: 9999, areaHundredths: 1234 },
      }),
      123_388,
    ],
    [
      "per m²: 95.00 × 85.50 m²",
      terms({ rent: { kind: "per_m2_month", rateMinorPerM2: 9500, areaHundredths: 8550 } }),
      812_250,
    ],
  ])("%s: %i", (_name, t, expected) => {
    expect(monthlyRent("2026-01-01", t, "2026-05-01")).toBe(expected);
  });

  it("ignores rent-free days", () => {
    const t = terms({ rentFree: [{ from: "2026-01-01", to: "2026-12-31" }] });
    expect(isRentFree(t, "2026-05-01")).toBe(true);
    expect(monthlyRent("2026-01-01", t, "2026-05-01")).toBe(1_000_000);
  });
});

describe("feePrice", () => {
  const perM2Rent = terms({
    rent: { kind: "per_m2_month", rateMinorPerM2: 9500, areaHundredths: 8550 },
  });

  it.each([
    [
      "per period",
      terms(),
      { feeCode: "parking", basis: "per_period", amountMinor: 30_000 } as const,
      30_000,
    ],
    [
      "per m² on the rent's area",
      perM2Rent,
      { feeCode: "management", basis: "per_m2_month", amountMinor: 1200 } as const,
      102_600,
    ],
    [
      "per m², quarterly, on the rent's area",
      perM2Rent,
      {
        feeCode: "management",
        basis: "per_m2_month",
        amountMinor: 1200,
        frequency: "quarterly",
      } as const,
      307_800,
    ],
    [
      "per m² on its own area, with per-period rent",
      terms(),
      {
        feeCode: "management",
        basis: "per_m2_month",
        amountMinor: 1250,
        areaHundredths: 3333,
      } as const,
      41_663, // 41 662.5 → 41 663
    ],
  ])("%s", (_name, t, fee, expected) => {
    expect(fen(feePrice(t, fee))).toBe(expected);
  });

  it("needs an area for a per-m² fee when the rent is per period", () => {
    expect(() =>
      feePrice(terms(), { feeCode: "management", basis: "per_m2_month", amountMinor: 1200 }),
    ).toThrow(/no area/);
  });
});
