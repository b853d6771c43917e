import { DomainError } from "@slms/errors";
import { addDays, compareDates, daysBetween } from "@slms/primitives/civil-date";
import { describe, expect, it } from "vitest";
import { buildSchedule } from "./schedule.ts";
import { penaltyFor, terminationSettlement } from "./termination.ts";
import { generatedLease, lease, lines, random, terms } from "./terms.fixtures.ts";
import type { LeaseTerms, TermsVersion } from "./terms.ts";

const fivePercent = { kind: "fixed_percent", basisPoints: 500 } as const;

describe("penaltyFor", () => {
  it.each<[string, Partial<LeaseTerms>, string, number]>([
    ["none", {}, "2026-06-30", 0],
    ["fixed", { penalty: { kind: "fixed", amountMinor: 500_000 } }, "2026-06-30", 500_000],
    [
      "3 months in year 1",
      { escalation: fivePercent, penalty: { kind: "months_of_rent", months: 3 } },
      "2026-12-31",
      3_000_000,
    ],
    [
      "3 months after escalation (year 2: 10 500.00 a month)",
      { escalation: fivePercent, penalty: { kind: "months_of_rent", months: 3 } },
      "2027-06-30",
      3_150_000,
    ],
    ["0 months", { penalty: { kind: "months_of_rent", months: 0 } }, "2027-06-30", 0],
    [
      "2 months of quarterly rent 30 000.01 (monthly 10 000.0033 → 10 000.00)",
      {
        frequency: "quarterly",
        rent: { kind: "per_period", amountMinor: 3_000_001 },
        penalty: { kind: "months_of_rent", months: 2 },
      },
      "2026-06-30",
      2_000_000,
    ],
    [
      "2 months of per-m² rent: 99.99 × 12.34 m² = 1 233.8766 → 1 233.88",
      {
        rent: { kind: "per_m2_month", rateMinorPerM2: 9999, areaHundredths: 1234 },
        penalty: { kind: "months_of_rent", months: 2 },
      },
      "2026-06-30",
      246_776,
    ],
    [
      "1 month of escalated quarterly per-m² rent (24 370.065 → 25 588.57 a quarter → 8 529.52)",
      {
        frequency: "quarterly",
        rent: { kind: "per_m2_month", rateMinorPerM2: 9501, areaHundredths: 8550 },
        escalation: fivePercent,
        penalty: { kind: "months_of_rent", months: 1 },
      },
      "2027-01-01",
      852_952,
    ],
    [
      "2 months after a step",
      {
        escalation: { kind: "stepped", steps: [{ from: "2026-07-01", value: 1_100_000 }] },
        penalty: { kind: "months_of_rent", months: 2 },
      },
      "2026-07-01",
      2_200_000,
    ],
    [
      "months of rent ignore rent-free days",
      {
        rentFree: [{ from: "2026-01-01", to: "2026-12-31" }],
        penalty: { kind: "months_of_rent", months: 2 },
      },
      "2026-06-30",
      2_000_000,
    ],
  ])("%s", (_name, overrides, date, expected) => {
    const { versions } = lease("2026-01-01", "2028-12-31", overrides);
    expect(penaltyFor(versions, date)).toBe(expected);
  });

  it("follows the version in force on the date", () => {
    const { versions } = lease("2026-01-01", "2028-12-31", {
      penalty: { kind: "fixed", amountMinor: 100 },
    });
    const amended: TermsVersion[] = [
      ...versions,
      {
        version: 2,
        effectiveFrom: "2027-01-01",
        terms: terms({
          rent: { kind: "per_period", amountMinor: 1_300_000 },
          penalty: { kind: "months_of_rent", months: 1 },
        }),
      },
    ];
    expect(penaltyFor(amended, "2026-12-31")).toBe(100);
    expect(penaltyFor(amended, "2027-01-01")).toBe(1_300_000);
  });
});

describe("terminationSettlement", () => {
  const quarterly = lease("2026-01-01", "2027-12-31", {
    frequency: "quarterly",
    rent: { kind: "per_period", amountMinor: 3_000_000 },
    fees: [
      { feeCode: "management", basis: "per_period", amountMinor: 50_000, frequency: "monthly" },
    ],
    penalty: { kind: "months_of_rent", months: 2 },
    depositMinor: 6_000_000,
  });

  it("terminates mid-quarter: prorates the cut periods, drops the later ones", () => {
    const s = terminationSettlement(quarterly.dates, quarterly.versions, "2026-05-20");
    expect(s.terminationDate).toBe("2026-05-20");
    expect(lines(s.revisedSchedule)).toEqual([
      ["2026-01-01", "2026-03-31", 3_000_000],
      ["2026-04-01", "2026-05-20", 1_648_352], // 50 of 91 days = 1 648 351.65
    ]);
    expect(lines(s.revisedSchedule, "management").slice(-2)).toEqual([
      ["2026-04-01", "2026-04-30", 50_000],
      ["2026-05-01", "2026-05-20", 32_258], // 20 of 31 days = 32 258.06
    ]);
    expect(s.finalPeriods).toEqual([
      {
        feeCode: "rent",
        periodStart: "2026-04-01",
        originalEnd: "2026-06-30",
        newEnd: "2026-05-20",
        originalAmountMinor: 3_000_000,
        proratedAmountMinor: 1_648_352,
      },
      {
        feeCode: "management",
        periodStart: "2026-05-01",
        originalEnd: "2026-05-31",
        newEnd: "2026-05-20",
        originalAmountMinor: 50_000,
        proratedAmountMinor: 32_258,
      },
    ]);
    expect(s.droppedPeriods).toHaveLength(6 + 19); // rent 2026-Q3 … 2027-Q4, management Jun 2026 … Dec 2027
    expect(s.droppedPeriods[0]).toMatchObject({ feeCode: "management", periodStart: "2026-06-01" });
    expect(s.droppedPeriods.filter((l) => l.feeCode === "rent")[0]?.periodStart).toBe("2026-07-01");
    expect(s.penaltyMinor).toBe(2_000_000);
    expect(s.depositMinor).toBe(6_000_000);
  });

  it("cuts nothing when terminating on a period end", () => {
    const s = terminationSettlement(quarterly.dates, quarterly.versions, "2026-06-30");
    expect(s.finalPeriods).toEqual([]);
    expect(s.droppedPeriods[0]).toMatchObject({ feeCode: "management", periodStart: "2026-07-01" });
    expect(lines(s.revisedSchedule).at(-1)).toEqual(["2026-04-01", "2026-06-30", 3_000_000]);
  });

  it("allows terminating on the start date: a one-day lease", () => {
    const { dates, versions } = lease("2026-03-15", "2026-12-31");
    const s = terminationSettlement(dates, versions, "2026-03-15");
    expect(lines(s.revisedSchedule)).toEqual([["2026-03-15", "2026-03-15", 32_258]]);
    expect(s.finalPeriods).toMatchObject([
      { originalAmountMinor: 548_387, proratedAmountMinor: 32_258 },
    ]);
  });

  it("ignores versions effective after the termination date", () => {
    const amended: TermsVersion[] = [
      ...quarterly.versions,
      {
        version: 2,
        effectiveFrom: "2026-09-01",
        terms: terms({
          frequency: "quarterly",
          rent: { kind: "per_period", amountMinor: 9_000_000 },
          depositMinor: 1,
          penalty: { kind: "none" },
        }),
      },
    ];
    const s = terminationSettlement(quarterly.dates, amended, "2026-05-20");
    expect(s.revisedSchedule.every((l) => l.versions.join() === "1")).toBe(true);
    expect(s.penaltyMinor).toBe(2_000_000);
    expect(s.depositMinor).toBe(6_000_000);
    const later = terminationSettlement(quarterly.dates, amended, "2026-09-15");
    expect(later.penaltyMinor).toBe(0);
    expect(later.depositMinor).toBe(1);
  });

  it.each([
    ["on the end date", "2027-12-31"],
    ["after the end date", "2028-01-15"],
    ["before the start date", "2025-12-31"],
    ["not a date", "2026-02-30"],
  ])("rejects terminating %s", (_name, date) => {
    const attempt = () => terminationSettlement(quarterly.dates, quarterly.versions, date);
    expect(attempt).toThrow(DomainError);
    expect(attempt).toThrow(
      expect.objectContaining({
        kind: "invalid",
        details: [expect.objectContaining({ field: "terminationDate" })],
      }),
    );
  });
});

describe("terminationSettlement on generated leases", () => {
  // Every original line is exactly one of: kept unchanged (ends on or before the termination
  // date), cut (a final period, prorated to the revised line), or dropped (starts after it).
  const rng = random(4242);
  const cases = Array.from({ length: 200 }, () =>
    generatedLease(rng, { escalation: true, rentFree: true, fees: true, amendments: 2 }),
  )
    .filter((l) => l.dates.startDate !== l.dates.endDate)
    .map((l) => ({
      ...l,
      terminationDate: addDays(
        l.dates.startDate,
        rng.int(0, daysBetween(l.dates.startDate, l.dates.endDate) - 1),
      ),
    }));

  it.each(cases.map((c, i) => [i, c] as const))("lease %i", (_i, c) => {
    const { dates, versions, terminationDate: t } = c;
    const original = buildSchedule(dates, versions);
    const s = terminationSettlement(dates, versions, t);
    const key = (l: { feeCode: string; periodStart: string }) => `${l.feeCode} ${l.periodStart}`;
    const final = new Map(s.finalPeriods.map((f) => [key(f), f]));
    const dropped = new Set(s.droppedPeriods.map(key));
    const revised = new Map(s.revisedSchedule.map((l) => [key(l), l]));

    for (const line of original) {
      if (compareDates(line.periodEnd, t) <= 0) {
        expect(revised.get(key(line))).toEqual(line);
      } else if (compareDates(line.periodStart, t) <= 0) {
        expect(final.get(key(line))).toEqual({
          feeCode: line.feeCode,
          periodStart: line.periodStart,
          originalEnd: line.periodEnd,
          newEnd: t,
          originalAmountMinor: line.amountMinor,
          proratedAmountMinor: revised.get(key(line))?.amountMinor ?? 0,
        });
      } else {
        expect(dropped.has(key(line))).toBe(true);
      }
    }
    for (const line of s.revisedSchedule) {
      expect(compareDates(line.periodEnd, t)).toBeLessThanOrEqual(0);
      if (final.has(key(line))) expect(line.periodEnd).toBe(t);
    }
    expect(s.finalPeriods.length + s.droppedPeriods.length).toBe(
      original.filter((l) => compareDates(l.periodEnd, t) > 0).length,
    );
    expect(lines(s.revisedSchedule).at(-1)?.[1]).toBe(t);
    expect(s.penaltyMinor).toBe(penaltyFor(versions, t));
  });
});
