import { boundsMessages, MAX_AMOUNT_MINOR } from "@slms/primitives/bounds";
import { addDays } from "@slms/primitives/civil-date";
import { describe, expect, it } from "vitest";
import { terms } from "./terms.fixtures.ts";
import type { Frequency, LeaseDates, LeaseTerms, RecurringFee } from "./terms.ts";
import { latestEndDate, termsIssues } from "./validate-terms.ts";

const year: LeaseDates = { startDate: "2026-01-01", endDate: "2026-12-31" };
const perM2 = { kind: "per_m2_month", rateMinorPerM2: 9500, areaHundredths: 8550 } as const;
const parking: RecurringFee = { feeCode: "parking", basis: "per_period", amountMinor: 30_000 };
const management: RecurringFee = {
  feeCode: "management",
  basis: "per_m2_month",
  amountMinor: 1200,
};

describe("termsIssues", () => {
  it.each<[string, LeaseDates, Partial<LeaseTerms>]>([
    ["the fixture", year, {}],
    ["a one-day lease", { startDate: "2026-01-01", endDate: "2026-01-01" }, {}],
    [
      "zero rent, deposit and fees",
      year,
      {
        rent: { kind: "per_period", amountMinor: 0 },
        depositMinor: 0,
        fees: [{ ...parking, amountMinor: 0 }],
      },
    ],
    ["per-m² rent with a per-m² fee on its area", year, { rent: perM2, fees: [management] }],
    [
      "a per-m² fee on its own area",
      year,
      { fees: [{ ...management, areaHundredths: 1000, frequency: "quarterly" }] },
    ],
    [
      "bounds",
      year,
      {
        billLeadDays: 90,
        dueDay: 28,
        lateFee: { graceDays: 0, dailyBasisPoints: 100, capBasisPoints: 10_000 },
        penalty: { kind: "months_of_rent", months: 24 },
      },
    ],
    [
      "lower bounds",
      year,
      {
        billLeadDays: 0,
        dueDay: 1,
        escalation: { kind: "fixed_percent", basisPoints: 0 },
        penalty: { kind: "months_of_rent", months: 1 },
      },
    ],
    ["escalation of 50 %", year, { escalation: { kind: "fixed_percent", basisPoints: 5000 } }],
    [
      "steps in order up to the end",
      year,
      {
        escalation: {
          kind: "stepped",
          steps: [
            { from: "2026-01-02", value: 1 },
            { from: "2026-12-31", value: 0 },
          ],
        },
      },
    ],
    [
      "adjacent rent-free periods, listed in any order",
      year,
      {
        rentFree: [
          { from: "2026-06-01", to: "2026-06-30" },
          { from: "2026-01-01", to: "2026-05-31" },
        ],
      },
    ],
    [
      "rent-free over the whole lease",
      year,
      { rentFree: [{ from: "2026-01-01", to: "2026-12-31" }] },
    ],
  ])("accepts %s", (_name, dates, overrides) => {
    expect(termsIssues(dates, terms(overrides))).toEqual([]);
  });

  it.each<[string, LeaseDates, Partial<LeaseTerms>, string[]]>([
    ["end before start", { startDate: "2026-05-01", endDate: "2026-04-30" }, {}, ["endDate"]],
    [
      "malformed dates",
      { startDate: "2026-02-30", endDate: "31/12/2026" },
      {},
      ["startDate", "endDate"],
    ],
    ["a lowercase currency", year, { currency: "cny" }, ["currency"]],
    ["an unknown frequency", year, { frequency: "weekly" as Frequency }, ["frequency"]],
    ["an unknown alignment", year, { alignment: "fortnight" as "calendar" }, ["alignment"]],
    [
      "negative rent",
      year,
      { rent: { kind: "per_period", amountMinor: -1 } },
      ["rent.amountMinor"],
    ],
    [
      "fractional rent",
      year,
      { rent: { kind: "per_period", amountMinor: 1.5 } },
      ["rent.amountMinor"],
    ],
    [
      "unsafe rent",
      year,
      { rent: { kind: "per_period", amountMinor: 2 ** 53 } },
      ["rent.amountMinor"],
    ],
    [
      "a zero rate and a negative area",
      year,
      { rent: { kind: "per_m2_month", rateMinorPerM2: 0, areaHundredths: -5 } },
      ["rent.rateMinorPerM2", "rent.areaHundredths"],
    ],
    [
      "escalation over 50 %",
      year,
      { escalation: { kind: "fixed_percent", basisPoints: 5001 } },
      ["escalation.basisPoints"],
    ],
    [
      "negative escalation",
      year,
      { escalation: { kind: "fixed_percent", basisPoints: -1 } },
      ["escalation.basisPoints"],
    ],
    [
      "fractional basis points",
      year,
      { escalation: { kind: "fixed_percent", basisPoints: 2.5 } },
      ["escalation.basisPoints"],
    ],
    ["no steps", year, { escalation: { kind: "stepped", steps: [] } }, ["escalation.steps"]],
    [
      "a step on the start date",
      year,
      { escalation: { kind: "stepped", steps: [{ from: "2026-01-01", value: 1 }] } },
      ["escalation.steps.0.from"],
    ],
    [
      "a step after the end",
      year,
      { escalation: { kind: "stepped", steps: [{ from: "2027-01-01", value: 1 }] } },
      ["escalation.steps.0.from"],
    ],
    [
      "a malformed step date",
      year,
      { escalation: { kind: "stepped", steps: [{ from: "2026-06", value: 1 }] } },
      ["escalation.steps.0.from"],
    ],
    [
      "steps out of order",
      year,
      {
        escalation: {
          kind: "stepped",
          steps: [
            { from: "2026-07-01", value: 1 },
            { from: "2026-07-01", value: 2 },
            { from: "2026-03-01", value: 3 },
          ],
        },
      },
      ["escalation.steps.1.from", "escalation.steps.2.from"],
    ],
    [
      "a negative step",
      year,
      { escalation: { kind: "stepped", steps: [{ from: "2026-07-01", value: -1 }] } },
      ["escalation.steps.0.value"],
    ],
    [
      "a zero per-m² step rate",
      year,
      { rent: perM2, escalation: { kind: "stepped", steps: [{ from: "2026-07-01", value: 0 }] } },
      ["escalation.steps.0.value"],
    ],
    [
      "rent-free ending before it starts",
      year,
      { rentFree: [{ from: "2026-03-01", to: "2026-02-28" }] },
      ["rentFree.0.to"],
    ],
    [
      "rent-free outside the lease",
      year,
      {
        rentFree: [
          { from: "2025-12-01", to: "2026-01-31" },
          { from: "2026-12-01", to: "2027-01-31" },
        ],
      },
      ["rentFree.0.from", "rentFree.1.to"],
    ],
    [
      "a malformed rent-free date",
      year,
      { rentFree: [{ from: "2026-04-31", to: "2026-05-31" }] },
      ["rentFree.0.from"],
    ],
    [
      "overlapping rent-free periods: the later is named",
      year,
      {
        rentFree: [
          { from: "2026-05-01", to: "2026-05-31" },
          { from: "2026-05-31", to: "2026-06-10" },
        ],
      },
      ["rentFree.1.from"],
    ],
    [
      "overlapping rent-free listed later-first",
      year,
      {
        rentFree: [
          { from: "2026-05-20", to: "2026-06-10" },
          { from: "2026-05-01", to: "2026-05-31" },
        ],
      },
      ["rentFree.0.from"],
    ],
    [
      "one rent-free period inside another",
      year,
      {
        rentFree: [
          { from: "2026-01-01", to: "2026-12-31" },
          { from: "2026-02-01", to: "2026-02-01" },
        ],
      },
      ["rentFree.1.from"],
    ],
    [
      "the same rent-free period twice",
      year,
      {
        rentFree: [
          { from: "2026-02-01", to: "2026-02-28" },
          { from: "2026-02-01", to: "2026-02-28" },
        ],
      },
      ["rentFree.1.from"],
    ],
    ["due day 0", year, { dueDay: 0 }, ["dueDay"]],
    ["due day 29", year, { dueDay: 29 }, ["dueDay"]],
    ["lead days 91", year, { billLeadDays: 91 }, ["billLeadDays"]],
    ["negative lead days", year, { billLeadDays: -1 }, ["billLeadDays"]],
    ["a negative deposit", year, { depositMinor: -100 }, ["depositMinor"]],
    [
      "a fee with an unknown frequency",
      year,
      { fees: [{ ...parking, frequency: "weekly" as Frequency }] },
      ["fees.0.frequency"],
    ],
    ["a fee code twice", year, { fees: [parking, parking] }, ["fees.1.feeCode"]],
    ["a fee called rent", year, { fees: [{ ...parking, feeCode: "rent" }] }, ["fees.0.feeCode"]],
    ["an empty fee code", year, { fees: [{ ...parking, feeCode: " " }] }, ["fees.0.feeCode"]],
    ["a negative fee", year, { fees: [{ ...parking, amountMinor: -1 }] }, ["fees.0.amountMinor"]],
    [
      "a zero per-m² fee rate",
      year,
      { rent: perM2, fees: [{ ...management, amountMinor: 0 }] },
      ["fees.0.amountMinor"],
    ],
    [
      "a per-m² fee without an area beside per-period rent",
      year,
      { fees: [parking, management] },
      ["fees.1.areaHundredths"],
    ],
    [
      "a fee with a zero area",
      year,
      { fees: [{ ...management, areaHundredths: 0 }] },
      ["fees.0.areaHundredths"],
    ],
    [
      "an unknown fee basis",
      year,
      { fees: [{ ...parking, basis: "per_day" as "per_period" }] },
      ["fees.0.basis"],
    ],
    [
      "late fee out of range",
      year,
      { lateFee: { graceDays: -1, dailyBasisPoints: 101, capBasisPoints: 10_001 } },
      ["lateFee.graceDays", "lateFee.dailyBasisPoints", "lateFee.capBasisPoints"],
    ],
    [
      "25 months of penalty",
      year,
      { penalty: { kind: "months_of_rent", months: 25 } },
      ["penalty.months"],
    ],
    [
      "half a month of penalty",
      year,
      { penalty: { kind: "months_of_rent", months: 0.5 } },
      ["penalty.months"],
    ],
    [
      "a negative fixed penalty",
      year,
      { penalty: { kind: "fixed", amountMinor: -1 } },
      ["penalty.amountMinor"],
    ],
  ])("reports %s", (_name, dates, overrides, fields) => {
    expect(termsIssues(dates, terms(overrides)).map((i) => i.field)).toEqual(fields);
  });

  it("says what is wrong, in words a clerk can act on", () => {
    const issues = termsIssues(year, {
      ...terms(),
      rent: { kind: "per_period", amountMinor: -1 },
      rentFree: [
        { from: "2026-05-01", to: "2026-05-31" },
        { from: "2026-05-20", to: "2026-06-10" },
      ],
      escalation: { kind: "stepped", steps: [{ from: "2027-02-01", value: 1 }] },
      dueDay: 31,
      fees: [management],
    });
    expect(issues).toEqual([
      { field: "rent.amountMinor", message: boundsMessages.amount },
      {
        field: "escalation.steps.0.from",
        message: "must be within the lease (2026-01-01 to 2026-12-31)",
      },
      {
        field: "rentFree.1.from",
        message: "overlaps rent-free period 0 (2026-05-01 to 2026-05-31)",
      },
      { field: "dueDay", message: "must be a whole number from 1 to 28" },
      { field: "fees.0.areaHundredths", message: "is required when the rent is not per m²" },
    ]);
  });

  it("skips checks against the lease range when the lease dates are unusable", () => {
    const issues = termsIssues(
      { startDate: "2026-12-31", endDate: "2026-01-01" },
      terms({ rentFree: [{ from: "2020-01-01", to: "2020-01-31" }] }),
    );
    expect(issues.map((i) => i.field)).toEqual(["endDate"]);
  });
});

/**
 * Every number of the terms, each with the values an outside test pass found silently
 * truncated or wrapped on the way in (2.9 → 2, 4294967298 → 2, …): refused, naming the field.
 */
describe("termsIssues: every number whole and in its range", () => {
  const stepped = (value: number): Partial<LeaseTerms> => ({
    escalation: { kind: "stepped", steps: [{ from: "2026-07-01", value }] },
  });
  // [field, terms with the value there, the largest value accepted, the smallest]
  const numbers: [string, (value: number) => Partial<LeaseTerms>, number, number][] = [
    [
      "rent.amountMinor",
      (v) => ({ rent: { kind: "per_period", amountMinor: v } }),
      MAX_AMOUNT_MINOR,
      0,
    ],
    [
      "rent.rateMinorPerM2",
      (v) => ({ rent: { ...perM2, rateMinorPerM2: v } }),
      MAX_AMOUNT_MINOR,
      1,
    ],
    ["rent.areaHundredths", (v) => ({ rent: { ...perM2, areaHundredths: v } }), 1_000_000_000, 1],
    [
      "escalation.basisPoints",
      (v) => ({ escalation: { kind: "fixed_percent", basisPoints: v } }),
      5000,
      0,
    ],
    ["escalation.steps.0.value", stepped, MAX_AMOUNT_MINOR, 0],
    ["billLeadDays", (v) => ({ billLeadDays: v }), 90, 0],
    ["dueDay", (v) => ({ dueDay: v }), 28, 1],
    ["depositMinor", (v) => ({ depositMinor: v }), MAX_AMOUNT_MINOR, 0],
    [
      "fees.0.amountMinor",
      (v) => ({ fees: [{ ...parking, amountMinor: v }] }),
      MAX_AMOUNT_MINOR,
      0,
    ],
    [
      "fees.0.areaHundredths",
      (v) => ({ fees: [{ ...management, areaHundredths: v }] }),
      1_000_000_000,
      1,
    ],
    [
      "lateFee.graceDays",
      (v) => ({ lateFee: { graceDays: v, dailyBasisPoints: 5, capBasisPoints: 1000 } }),
      365,
      0,
    ],
    [
      "lateFee.dailyBasisPoints",
      (v) => ({ lateFee: { graceDays: 5, dailyBasisPoints: v, capBasisPoints: 1000 } }),
      100,
      0,
    ],
    [
      "lateFee.capBasisPoints",
      (v) => ({ lateFee: { graceDays: 5, dailyBasisPoints: 5, capBasisPoints: v } }),
      10_000,
      0,
    ],
    ["penalty.months", (v) => ({ penalty: { kind: "months_of_rent", months: v } }), 24, 1],
    [
      "penalty.amountMinor",
      (v) => ({ penalty: { kind: "fixed", amountMinor: v } }),
      MAX_AMOUNT_MINOR,
      0,
    ],
  ];
  const unacceptable = [
    2.9,
    0.5,
    1e308,
    2 ** 53 + 1,
    -1,
    "1",
    Number.NaN,
    Number.POSITIVE_INFINITY,
  ];

  it.each(
    numbers.flatMap(([field, at, max, min]) => [
      [field, max, at],
      [field, min, at],
    ]),
  )("accepts %s = %d", (_field, value, at) => {
    expect(termsIssues(year, terms(at(value as number)))).toEqual([]);
  });

  it.each(
    numbers.flatMap(([field, at, max, min]) =>
      [...unacceptable, max + 1, min - 1, ...(max < 2 ** 32 ? [4294967298] : [])].map(
        (value) => [field, value, at] as const,
      ),
    ),
  )("refuses %s = %j, naming it", (field, value, at) => {
    expect(termsIssues(year, terms(at(value as number))).map((i) => i.field)).toEqual([field]);
  });
});

describe("termsIssues: dates within 2000–2099, a term of at most twenty years", () => {
  const outOfRange = ["9999-12-31", "0000-01-01", "1999-12-31", "2100-01-01", "2026-02-30"];
  const cases: [string, (date: string) => [LeaseDates, Partial<LeaseTerms>]][] = [
    ["startDate", (d) => [{ ...year, startDate: d }, {}]],
    ["endDate", (d) => [{ ...year, endDate: d }, {}]],
    ["rentFree.0.from", (d) => [year, { rentFree: [{ from: d, to: "2026-01-31" }] }]],
    ["rentFree.0.to", (d) => [year, { rentFree: [{ from: "2026-01-01", to: d }] }]],
    [
      "escalation.steps.0.from",
      (d) => [year, { escalation: { kind: "stepped", steps: [{ from: d, value: 1 }] } }],
    ],
  ];

  it.each(cases.flatMap(([field, at]) => outOfRange.map((date) => [field, date, at] as const)))(
    "refuses %s = %s, naming it",
    (field, date, at) => {
      const [dates, overrides] = at(date);
      const issues = termsIssues(dates, terms(overrides));
      expect(issues.map((i) => i.field)).toEqual([field]);
      expect(issues[0]!.message).toBe(boundsMessages.date);
    },
  );

  it.each<[string, string, string]>([
    ["2026-01-01", "2045-12-31", "2045-12-31"],
    ["2024-02-29", "2044-02-28", "2044-02-28"],
    ["2000-01-01", "2019-12-31", "2019-12-31"],
    ["2090-06-15", "2099-12-31", "2110-06-14"],
  ])("lets a lease from %s run to %s (twenty years end on %s)", (startDate, endDate, latest) => {
    expect(latestEndDate(startDate)).toBe(latest);
    expect(termsIssues({ startDate, endDate }, terms())).toEqual([]);
  });

  it.each<[string, string]>([
    ["2026-01-01", "2046-01-01"],
    ["2024-02-29", "2044-02-29"],
    ["2026-01-01", "2099-12-31"],
  ])("refuses a lease from %s to %s: longer than twenty years", (startDate, endDate) => {
    expect(termsIssues({ startDate, endDate }, terms())).toEqual([
      {
        field: "endDate",
        message: `must be at most 20 years after the start, by ${latestEndDate(startDate)} (PRC Civil Code art. 705)`,
      },
    ]);
  });
});

describe("termsIssues: lists and fee codes", () => {
  const days = (n: number) => Array.from({ length: n }, (_, i) => addDays("2026-01-01", i));

  it.each<[string, Partial<LeaseTerms>, string[]]>([
    ["40 rent-free periods", { rentFree: days(40).map((d) => ({ from: d, to: d })) }, []],
    ["41 rent-free periods", { rentFree: days(41).map((d) => ({ from: d, to: d })) }, ["rentFree"]],
    ["20 fees", { fees: days(20).map((_, i) => ({ ...parking, feeCode: `fee_${i}` })) }, []],
    ["21 fees", { fees: days(21).map((_, i) => ({ ...parking, feeCode: `fee_${i}` })) }, ["fees"]],
    [
      "240 steps",
      {
        escalation: {
          kind: "stepped",
          steps: days(241)
            .slice(1)
            .map((d) => ({ from: d, value: 1 })),
        },
      },
      [],
    ],
    [
      "241 steps",
      {
        escalation: {
          kind: "stepped",
          steps: days(242)
            .slice(1)
            .map((d) => ({ from: d, value: 1 })),
        },
      },
      ["escalation.steps"],
    ],
    [
      "a NUL in a fee code",
      { fees: [{ ...parking, feeCode: "parking\u0000" }] },
      ["fees.0.feeCode"],
    ],
    [
      "a lone surrogate in a fee code",
      { fees: [{ ...parking, feeCode: "park\ud800" }] },
      ["fees.0.feeCode"],
    ],
    ["an upper-case fee code", { fees: [{ ...parking, feeCode: "Parking" }] }, ["fees.0.feeCode"]],
    [
      "a 41-character fee code",
      { fees: [{ ...parking, feeCode: "p".repeat(41) }] },
      ["fees.0.feeCode"],
    ],
  ])("%s", (_name, overrides, fields) => {
    expect(termsIssues(year, terms(overrides)).map((i) => i.field)).toEqual(fields);
  });
});
