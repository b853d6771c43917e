import { addMonths, endOfMonth } from "@slms/primitives/civil-date";
import { describe, expect, it } from "vitest";
import { buildSchedule, dueDateFrom } from "./schedule.ts";
import { lease, lines, terms } from "./terms.fixtures.ts";
import type { LeaseTerms, RecurringFee, TermsVersion } from "./terms.ts";

type Line = [string, string, number];

/** Amounts are fen; each case lists one charge's lines as [periodStart, periodEnd, amount]. */
const cases: {
  name: string;
  start: string;
  end: string;
  terms?: Partial<LeaseTerms>;
  feeCode?: string;
  expected: Line[];
}[] = [
  {
    name: "monthly calendar lease starting and ending mid-month",
    start: "2026-03-15",
    end: "2026-06-20",
    expected: [
      ["2026-03-15", "2026-03-31", 548_387], // 1 000 000 × 17/31 = 548 387.09
      ["2026-04-01", "2026-04-30", 1_000_000],
      ["2026-05-01", "2026-05-31", 1_000_000],
      ["2026-06-01", "2026-06-20", 666_667], // × 20/30 = 666 666.67
    ],
  },
  {
    name: "February of a leap year (29 days)",
    start: "2024-02-10",
    end: "2024-03-09",
    terms: { rent: { kind: "per_period", amountMinor: 290_000 } },
    expected: [
      ["2024-02-10", "2024-02-29", 200_000], // 290 000 × 20/29
      ["2024-03-01", "2024-03-09", 84_194], // × 9/31 = 84 193.55
    ],
  },
  {
    name: "February of a common year (28 days)",
    start: "2025-02-10",
    end: "2025-03-09",
    terms: { rent: { kind: "per_period", amountMinor: 290_000 } },
    expected: [
      ["2025-02-10", "2025-02-28", 196_786], // 290 000 × 19/28 = 196 785.71
      ["2025-03-01", "2025-03-09", 84_194],
    ],
  },
  {
    name: "February 2100 is not leap, February 2000 is",
    start: "2100-02-10",
    end: "2100-02-28",
    terms: { rent: { kind: "per_period", amountMinor: 290_000 } },
    expected: [["2100-02-10", "2100-02-28", 196_786]],
  },
  {
    name: "February 2000 (leap)",
    start: "2000-02-10",
    end: "2000-02-29",
    terms: { rent: { kind: "per_period", amountMinor: 290_000 } },
    expected: [["2000-02-10", "2000-02-29", 200_000]],
  },
  {
    name: "quarterly calendar with partial first and last quarters",
    start: "2026-02-15",
    end: "2027-01-31",
    terms: { frequency: "quarterly", rent: { kind: "per_period", amountMinor: 3_000_000 } },
    expected: [
      ["2026-02-15", "2026-03-31", 1_500_000], // 45 of 90 days
      ["2026-04-01", "2026-06-30", 3_000_000],
      ["2026-07-01", "2026-09-30", 3_000_000],
      ["2026-10-01", "2026-12-31", 3_000_000],
      ["2027-01-01", "2027-01-31", 1_033_333], // 31 of 90 days = 1 033 333.33
    ],
  },
  {
    name: "annual calendar with partial first (leap year) and last years",
    start: "2024-07-01",
    end: "2026-03-31",
    terms: { frequency: "annual", rent: { kind: "per_period", amountMinor: 12_000_000 } },
    expected: [
      ["2024-07-01", "2024-12-31", 6_032_787], // 184 of 366 days = 6 032 786.89
      ["2025-01-01", "2025-12-31", 12_000_000],
      ["2026-01-01", "2026-03-31", 2_958_904], // 90 of 365 days = 2 958 904.11
    ],
  },
  {
    name: "lease_start alignment from Jan 31: periods of 29, 31, 30, 31 days all bill in full",
    start: "2024-01-31",
    end: "2024-06-15",
    terms: { alignment: "lease_start", rent: { kind: "per_period", amountMinor: 100_000 } },
    expected: [
      ["2024-01-31", "2024-02-28", 100_000],
      ["2024-02-29", "2024-03-30", 100_000],
      ["2024-03-31", "2024-04-29", 100_000],
      ["2024-04-30", "2024-05-30", 100_000],
      ["2024-05-31", "2024-06-15", 53_333], // 16 of 30 days (05-31..06-29) = 53 333.33
    ],
  },
  {
    name: "per-m² rent: 95.00 CNY/m²/month × 85.50 m² = 8 122.50 CNY",
    start: "2026-01-16",
    end: "2026-04-30",
    terms: { rent: { kind: "per_m2_month", rateMinorPerM2: 9500, areaHundredths: 8550 } },
    expected: [
      ["2026-01-16", "2026-01-31", 419_226], // 812 250 × 16/31 = 419 225.81
      ["2026-02-01", "2026-02-28", 812_250],
      ["2026-03-01", "2026-03-31", 812_250],
      ["2026-04-01", "2026-04-30", 812_250],
    ],
  },
  {
    name: "per-m² quarterly rent with a fraction of a fen, rounded once per period",
    start: "2026-02-15",
    end: "2026-06-30",
    terms: {
      frequency: "quarterly",
      rent: { kind: "per_m2_month", rateMinorPerM2: 9999, areaHundredths: 1234 },
    },
    expected: [
      ["2026-02-15", "2026-03-31", 185_081], // 370 162.98 × 45/90 = 185 081.49
      ["2026-04-01", "2026-06-30", 370_163], // 99.99 × 12.34 × 3 = 3 701.6298 CNY
    ],
  },
  {
    name: "5 % escalation from year 2, March 2027 straddles the anniversary (14 + 17 days)",
    start: "2026-03-15",
    end: "2028-04-30",
    terms: { escalation: { kind: "fixed_percent", basisPoints: 500 } },
    expected: [
      ["2026-03-15", "2026-03-31", 548_387],
      ...months("2026-04", "2027-02", 1_000_000),
      ["2027-03-01", "2027-03-31", 1_027_419], // (14 × 1 000 000 + 17 × 1 050 000) / 31 = 1 027 419.35
      ...months("2027-04", "2028-02", 1_050_000),
      ["2028-03-01", "2028-03-31", 1_078_790], // (14 × 1 050 000 + 17 × 1 102 500) / 31 = 1 078 790.32
      ["2028-04-01", "2028-04-30", 1_102_500],
    ],
  },
  {
    name: "5 % escalation on quarterly rent: the anniversary splits Q1 2027 45/45",
    start: "2026-02-15",
    end: "2027-06-30",
    terms: {
      frequency: "quarterly",
      rent: { kind: "per_period", amountMinor: 3_000_000 },
      escalation: { kind: "fixed_percent", basisPoints: 500 },
    },
    expected: [
      ["2026-02-15", "2026-03-31", 1_500_000],
      ["2026-04-01", "2026-06-30", 3_000_000],
      ["2026-07-01", "2026-09-30", 3_000_000],
      ["2026-10-01", "2026-12-31", 3_000_000],
      ["2027-01-01", "2027-03-31", 3_075_000], // (45 × 3 000 000 + 45 × 3 150 000) / 90
      ["2027-04-01", "2027-06-30", 3_150_000],
    ],
  },
  {
    name: "stepped rent: 11 000 from 2027-01-01, 12 000 from 2028-07-16",
    start: "2026-11-01",
    end: "2028-08-31",
    terms: {
      escalation: {
        kind: "stepped",
        steps: [
          { from: "2027-01-01", value: 1_100_000 },
          { from: "2028-07-16", value: 1_200_000 },
        ],
      },
    },
    expected: [
      ...months("2026-11", "2026-12", 1_000_000),
      ...months("2027-01", "2028-06", 1_100_000),
      ["2028-07-01", "2028-07-31", 1_151_613], // (15 × 1 100 000 + 16 × 1 200 000) / 31 = 1 151 612.90
      ["2028-08-01", "2028-08-31", 1_200_000],
    ],
  },
  {
    name: "rent-free first two months: zero lines stay listed, a year bills 10 months",
    start: "2026-03-15",
    end: "2027-03-14",
    terms: { rentFree: [{ from: "2026-03-15", to: "2026-05-14" }] },
    expected: [
      ["2026-03-15", "2026-03-31", 0],
      ["2026-04-01", "2026-04-30", 0],
      ["2026-05-01", "2026-05-31", 548_387], // 17 charged days of 31
      ...months("2026-06", "2027-02", 1_000_000),
      ["2027-03-01", "2027-03-14", 451_613], // 14 of 31; with May: 548 387 + 451 613 = 1 000 000
    ],
  },
  {
    name: "rent-free inside a quarter and across a quarter end",
    start: "2026-01-01",
    end: "2026-12-31",
    terms: {
      frequency: "quarterly",
      rent: { kind: "per_period", amountMinor: 3_000_000 },
      rentFree: [
        { from: "2026-03-20", to: "2026-04-10" },
        { from: "2026-05-01", to: "2026-05-31" },
      ],
    },
    expected: [
      ["2026-01-01", "2026-03-31", 2_600_000], // 90 − 12 = 78 of 90 days
      ["2026-04-01", "2026-06-30", 1_648_352], // 91 − 10 − 31 = 50 of 91 days = 1 648 351.65
      ["2026-07-01", "2026-09-30", 3_000_000],
      ["2026-10-01", "2026-12-31", 3_000_000],
    ],
  },
  {
    name: "rounding: 1 000.01 CNY for half of April is 500.005 → 500.01",
    start: "2026-04-01",
    end: "2026-04-15",
    terms: { rent: { kind: "per_period", amountMinor: 100_001 } },
    expected: [["2026-04-01", "2026-04-15", 50_001]],
  },
  {
    name: "rounding: 0.45 CNY for one day of April is 1.5 fen → 2",
    start: "2026-04-30",
    end: "2026-04-30",
    terms: { rent: { kind: "per_period", amountMinor: 45 } },
    expected: [["2026-04-30", "2026-04-30", 2]],
  },
  {
    name: "rounding: 95.01 CNY/m² × 85.50 m² = 8 123.355 CNY → 8 123.36",
    start: "2026-04-01",
    end: "2026-04-30",
    terms: { rent: { kind: "per_m2_month", rateMinorPerM2: 9501, areaHundredths: 8550 } },
    expected: [["2026-04-01", "2026-04-30", 812_336]],
  },
  {
    name: "rounding: just under a half rounds down (0.44 CNY for one day of April = 1.4667)",
    start: "2026-04-30",
    end: "2026-04-30",
    terms: { rent: { kind: "per_period", amountMinor: 44 } },
    expected: [["2026-04-30", "2026-04-30", 1]],
  },
];

/** Full calendar months `from`..`to` (YYYY-MM) at `amount`. */
function months(from: string, to: string, amount: number): Line[] {
  const result: Line[] = [];
  for (let first = `${from}-01`; first <= `${to}-01`; first = addMonths(first, 1)) {
    result.push([first, endOfMonth(first), amount]);
  }
  return result;
}

describe("buildSchedule: rent", () => {
  it.each(cases)("$name", ({ start, end, terms: overrides, feeCode, expected }) => {
    const { dates, versions } = lease(start, end, overrides);
    expect(lines(buildSchedule(dates, versions), feeCode)).toEqual(expected);
  });

  it("fills in issue date, due date, charged and full-period days, versions", () => {
    const { dates, versions } = lease("2026-03-15", "2026-06-20", {
      billLeadDays: 15,
      dueDay: 5,
      rentFree: [{ from: "2026-06-11", to: "2026-06-20" }],
    });
    expect(buildSchedule(dates, versions)).toEqual([
      {
        feeCode: "rent",
        periodStart: "2026-03-15",
        periodEnd: "2026-03-31",
        amountMinor: 548_387,
        issueDate: "2026-02-28",
        dueDate: "2026-04-05",
        chargedDays: 17,
        fullPeriodDays: 31,
        versions: [1],
      },
      {
        feeCode: "rent",
        periodStart: "2026-04-01",
        periodEnd: "2026-04-30",
        amountMinor: 1_000_000,
        issueDate: "2026-03-17",
        dueDate: "2026-04-05",
        chargedDays: 30,
        fullPeriodDays: 30,
        versions: [1],
      },
      {
        feeCode: "rent",
        periodStart: "2026-05-01",
        periodEnd: "2026-05-31",
        amountMinor: 1_000_000,
        issueDate: "2026-04-16",
        dueDate: "2026-05-05",
        chargedDays: 31,
        fullPeriodDays: 31,
        versions: [1],
      },
      {
        feeCode: "rent",
        periodStart: "2026-06-01",
        periodEnd: "2026-06-20",
        amountMinor: 333_333, // 10 charged days of 30
        issueDate: "2026-05-17",
        dueDate: "2026-06-05",
        chargedDays: 10,
        fullPeriodDays: 30,
        versions: [1],
      },
    ]);
  });

  it("lists a fully rent-free period with amount 0 and no charged days", () => {
    const { dates, versions } = lease("2026-01-01", "2026-02-28", {
      rentFree: [{ from: "2026-01-01", to: "2026-01-31" }],
    });
    expect(buildSchedule(dates, versions)[0]).toMatchObject({
      periodStart: "2026-01-01",
      amountMinor: 0,
      chargedDays: 0,
      fullPeriodDays: 31,
    });
  });
});

describe("buildSchedule: recurring fees", () => {
  const management: RecurringFee = {
    feeCode: "management",
    basis: "per_m2_month",
    amountMinor: 1200, // 12.00 CNY/m²/month on the rent's 85.50 m²: 3 078.00 CNY a quarter
    frequency: "quarterly",
  };
  const parking: RecurringFee = { feeCode: "parking", basis: "per_period", amountMinor: 30_000 };
  const { dates, versions } = lease("2026-02-15", "2026-07-31", {
    rent: { kind: "per_m2_month", rateMinorPerM2: 9500, areaHundredths: 8550 },
    fees: [management, parking],
    rentFree: [{ from: "2026-02-15", to: "2026-03-14" }],
  });
  const schedule = buildSchedule(dates, versions);

  it.each([
    [
      "management, quarterly per m², not affected by rent-free",
      "management",
      [
        ["2026-02-15", "2026-03-31", 153_900], // 307 800 × 45/90
        ["2026-04-01", "2026-06-30", 307_800],
        ["2026-07-01", "2026-07-31", 103_715], // 307 800 × 31/92 = 103 715.22
      ],
    ],
    [
      "parking, monthly per period",
      "parking",
      [["2026-02-15", "2026-02-28", 15_000], ...months("2026-03", "2026-07", 30_000)],
    ],
    [
      "rent, monthly per m², rent-free to 03-14",
      "rent",
      [
        ["2026-02-15", "2026-02-28", 0],
        ["2026-03-01", "2026-03-31", 445_427], // 812 250 × 17/31 = 445 427.42
        ...months("2026-04", "2026-07", 812_250),
      ],
    ],
  ] as const)("%s", (_name, feeCode, expected) => {
    expect(lines(schedule, feeCode)).toEqual(expected);
  });

  it("sorts by period start, then fee code", () => {
    expect(schedule.slice(0, 8).map((l) => `${l.periodStart} ${l.feeCode}`)).toEqual([
      "2026-02-15 management",
      "2026-02-15 parking",
      "2026-02-15 rent",
      "2026-03-01 parking",
      "2026-03-01 rent",
      "2026-04-01 management",
      "2026-04-01 parking",
      "2026-04-01 rent",
    ]);
  });

  it("bills fees added or removed by an amendment only for the days they exist", () => {
    const v2: TermsVersion = {
      version: 2,
      effectiveFrom: "2026-04-11",
      terms: terms({
        rent: { kind: "per_m2_month", rateMinorPerM2: 9500, areaHundredths: 8550 },
        fees: [management, { ...parking, feeCode: "storage", amountMinor: 9_000 }],
      }),
    };
    const amended = buildSchedule(dates, [...versions, v2]);
    expect(lines(amended, "parking").slice(-2)).toEqual([
      ["2026-03-01", "2026-03-31", 30_000],
      ["2026-04-01", "2026-04-30", 10_000], // 10 of 30 days
    ]);
    expect(amended.filter((l) => l.feeCode === "storage").slice(0, 2)).toMatchObject([
      { periodStart: "2026-04-01", amountMinor: 6_000, chargedDays: 20, versions: [2] },
      { periodStart: "2026-05-01", amountMinor: 9_000, chargedDays: 31, versions: [2] },
    ]);
    expect(lines(amended, "management")).toEqual(lines(schedule, "management"));
  });
});

describe("dueDateFrom", () => {
  it.each([
    ["2026-04-01", 5, "2026-04-05"],
    ["2026-04-05", 5, "2026-04-05"],
    ["2026-04-06", 5, "2026-05-05"],
    ["2026-04-01", 1, "2026-04-01"],
    ["2026-03-15", 28, "2026-03-28"],
    ["2026-02-28", 28, "2026-02-28"],
    ["2026-12-20", 5, "2027-01-05"],
    ["2024-01-31", 28, "2024-02-28"],
  ])("from %s, due day %i: %s", (from, dueDay, expected) => {
    expect(dueDateFrom(from, dueDay)).toBe(expected);
  });
});

describe("buildSchedule: invariants", () => {
  it("throws on versions that cannot describe a lease", () => {
    const { dates, versions } = lease("2026-01-01", "2026-12-31");
    const quarterly = {
      version: 2,
      effectiveFrom: "2026-06-01",
      terms: terms({ frequency: "quarterly" }),
    };
    expect(() => buildSchedule(dates, [...versions, quarterly])).toThrow(/frequency/);
    expect(() => buildSchedule(dates, [])).toThrow(/at least one/);
  });
});

/**
 * No full-period price the terms produce may exceed MAX_AMOUNT_MINOR (10¹¹): the schedule is
 * refused with "invalid" naming the term that causes it, before exact arithmetic could overflow.
 */
describe("buildSchedule: derived amounts within the limit", () => {
  const MAX = 100_000_000_000;
  const perM2 = (rate: number, area: number) =>
    ({ kind: "per_m2_month", rateMinorPerM2: rate, areaHundredths: area }) as const;

  it.each<[string, Partial<LeaseTerms>, number]>([
    ["rent of exactly the limit", { rent: { kind: "per_period", amountMinor: MAX } }, MAX],
    [
      "a per-m² rent of exactly the limit (1,000,000.00 a m² over 1,000 m²)",
      { rent: perM2(100_000_000, 100_000) },
      MAX,
    ],
  ])("accepts %s", (_name, overrides, amount) => {
    const { dates, versions } = lease("2026-01-01", "2026-12-31", overrides);
    expect(buildSchedule(dates, versions)[0]!.amountMinor).toBe(amount);
  });

  it.each<[string, Partial<LeaseTerms>, string]>([
    [
      "rent at the limit escalated by 0.01 % in lease year 1",
      {
        rent: { kind: "per_period", amountMinor: MAX },
        escalation: { kind: "fixed_percent", basisPoints: 1 },
      },
      "terms.rent.amountMinor",
    ],
    [
      "50 % escalation compounding past the limit in lease year 4",
      {
        rent: { kind: "per_period", amountMinor: 20_000_000_000 },
        escalation: { kind: "fixed_percent", basisPoints: 5000 },
      },
      "terms.rent.amountMinor",
    ],
    [
      "a per-m² rate at the limit over 10,000,000 m² (beyond safe integers)",
      { rent: perM2(MAX, 1_000_000_000) },
      "terms.rent.rateMinorPerM2",
    ],
    [
      "a per-m² rate over a large area, escalated (beyond safe integers on the way)",
      {
        rent: perM2(MAX, 1_000_000_000),
        escalation: { kind: "fixed_percent", basisPoints: 500 },
      },
      "terms.rent.rateMinorPerM2",
    ],
    [
      "a per-m² step rate over a large area",
      {
        rent: perM2(100, 10_000),
        escalation: { kind: "stepped", steps: [{ from: "2027-01-01", value: 10_000_000_000 }] },
      },
      "terms.escalation.steps.0.value",
    ],
    [
      "a per-m² fee over a large area",
      {
        fees: [
          { feeCode: "parking", basis: "per_period", amountMinor: 100 },
          { feeCode: "management", basis: "per_m2_month", amountMinor: MAX, areaHundredths: 200 },
        ],
      },
      "terms.fees.1.amountMinor",
    ],
  ])("refuses %s, naming the term", (_name, overrides, field) => {
    const { dates, versions } = lease("2026-01-01", "2031-12-31", overrides);
    let error: unknown;
    try {
      buildSchedule(dates, versions);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ kind: "invalid", details: [{ field }] });
    expect((error as { details: { message: string }[] }).details[0]!.message).toContain(
      String(MAX),
    );
  });
});
