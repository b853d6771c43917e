import { addDays, addMonths, compareDates } from "@slms/primitives/civil-date";
import { describe, expect, it } from "vitest";
import { billingPeriods, monthsPerPeriod, periodContaining, periodsBetween } from "./periods.ts";
import { random } from "./terms.fixtures.ts";
import { type Frequency, frequencies, type PeriodAlignment } from "./terms.ts";

/** [start, end, fullStart, fullEnd] */
type Row = [string, string, string, string];

const cases: {
  name: string;
  startDate: string;
  endDate: string;
  frequency: Frequency;
  alignment: PeriodAlignment;
  periods: Row[];
}[] = [
  {
    name: "monthly calendar, starting and ending mid-month",
    startDate: "2026-03-15",
    endDate: "2026-06-20",
    frequency: "monthly",
    alignment: "calendar",
    periods: [
      ["2026-03-15", "2026-03-31", "2026-03-01", "2026-03-31"],
      ["2026-04-01", "2026-04-30", "2026-04-01", "2026-04-30"],
      ["2026-05-01", "2026-05-31", "2026-05-01", "2026-05-31"],
      ["2026-06-01", "2026-06-20", "2026-06-01", "2026-06-30"],
    ],
  },
  {
    name: "monthly calendar across February of a leap year and a year end",
    startDate: "2023-12-31",
    endDate: "2024-03-01",
    frequency: "monthly",
    alignment: "calendar",
    periods: [
      ["2023-12-31", "2023-12-31", "2023-12-01", "2023-12-31"],
      ["2024-01-01", "2024-01-31", "2024-01-01", "2024-01-31"],
      ["2024-02-01", "2024-02-29", "2024-02-01", "2024-02-29"],
      ["2024-03-01", "2024-03-01", "2024-03-01", "2024-03-31"],
    ],
  },
  {
    name: "monthly calendar, one day",
    startDate: "2100-02-28",
    endDate: "2100-02-28",
    frequency: "monthly",
    alignment: "calendar",
    periods: [["2100-02-28", "2100-02-28", "2100-02-01", "2100-02-28"]],
  },
  {
    name: "quarterly calendar, partial first and last",
    startDate: "2026-02-15",
    endDate: "2027-01-31",
    frequency: "quarterly",
    alignment: "calendar",
    periods: [
      ["2026-02-15", "2026-03-31", "2026-01-01", "2026-03-31"],
      ["2026-04-01", "2026-06-30", "2026-04-01", "2026-06-30"],
      ["2026-07-01", "2026-09-30", "2026-07-01", "2026-09-30"],
      ["2026-10-01", "2026-12-31", "2026-10-01", "2026-12-31"],
      ["2027-01-01", "2027-01-31", "2027-01-01", "2027-03-31"],
    ],
  },
  {
    name: "semi-annual calendar",
    startDate: "2026-05-10",
    endDate: "2027-08-01",
    frequency: "semi_annual",
    alignment: "calendar",
    periods: [
      ["2026-05-10", "2026-06-30", "2026-01-01", "2026-06-30"],
      ["2026-07-01", "2026-12-31", "2026-07-01", "2026-12-31"],
      ["2027-01-01", "2027-06-30", "2027-01-01", "2027-06-30"],
      ["2027-07-01", "2027-08-01", "2027-07-01", "2027-12-31"],
    ],
  },
  {
    name: "annual calendar, partial first and last",
    startDate: "2024-07-01",
    endDate: "2026-03-31",
    frequency: "annual",
    alignment: "calendar",
    periods: [
      ["2024-07-01", "2024-12-31", "2024-01-01", "2024-12-31"],
      ["2025-01-01", "2025-12-31", "2025-01-01", "2025-12-31"],
      ["2026-01-01", "2026-03-31", "2026-01-01", "2026-12-31"],
    ],
  },
  {
    name: "monthly from Jan 31 in a leap year (clamped, counted from the start)",
    startDate: "2024-01-31",
    endDate: "2024-06-15",
    frequency: "monthly",
    alignment: "lease_start",
    periods: [
      ["2024-01-31", "2024-02-28", "2024-01-31", "2024-02-28"],
      ["2024-02-29", "2024-03-30", "2024-02-29", "2024-03-30"],
      ["2024-03-31", "2024-04-29", "2024-03-31", "2024-04-29"],
      ["2024-04-30", "2024-05-30", "2024-04-30", "2024-05-30"],
      ["2024-05-31", "2024-06-15", "2024-05-31", "2024-06-29"],
    ],
  },
  {
    name: "monthly from Jan 31 in a common year",
    startDate: "2026-01-31",
    endDate: "2026-04-29",
    frequency: "monthly",
    alignment: "lease_start",
    periods: [
      ["2026-01-31", "2026-02-27", "2026-01-31", "2026-02-27"],
      ["2026-02-28", "2026-03-30", "2026-02-28", "2026-03-30"],
      ["2026-03-31", "2026-04-29", "2026-03-31", "2026-04-29"],
    ],
  },
  {
    name: "quarterly from Nov 30",
    startDate: "2025-11-30",
    endDate: "2026-09-30",
    frequency: "quarterly",
    alignment: "lease_start",
    periods: [
      ["2025-11-30", "2026-02-27", "2025-11-30", "2026-02-27"],
      ["2026-02-28", "2026-05-29", "2026-02-28", "2026-05-29"],
      ["2026-05-30", "2026-08-29", "2026-05-30", "2026-08-29"],
      ["2026-08-30", "2026-09-30", "2026-08-30", "2026-11-29"],
    ],
  },
  {
    name: "semi-annual from Aug 31, ending on a period end",
    startDate: "2026-08-31",
    endDate: "2027-08-30",
    frequency: "semi_annual",
    alignment: "lease_start",
    periods: [
      ["2026-08-31", "2027-02-27", "2026-08-31", "2027-02-27"],
      ["2027-02-28", "2027-08-30", "2027-02-28", "2027-08-30"],
    ],
  },
  {
    name: "annual from Feb 29",
    startDate: "2024-02-29",
    endDate: "2027-03-01",
    frequency: "annual",
    alignment: "lease_start",
    periods: [
      ["2024-02-29", "2025-02-27", "2024-02-29", "2025-02-27"],
      ["2025-02-28", "2026-02-27", "2025-02-28", "2026-02-27"],
      ["2026-02-28", "2027-02-27", "2026-02-28", "2027-02-27"],
      ["2027-02-28", "2027-03-01", "2027-02-28", "2028-02-28"],
    ],
  },
];

describe("billingPeriods", () => {
  it.each(cases)("$name", ({ startDate, endDate, frequency, alignment, periods }) => {
    const rows = billingPeriods({ startDate, endDate }, frequency, alignment).map(
      (p): Row => [p.start, p.end, p.fullStart, p.fullEnd],
    );
    expect(rows).toEqual(periods);
  });

  it("partitions every generated lease into whole periods, cut only at the lease's ends", () => {
    const rng = random(20260315);
    for (let n = 0; n < 400; n++) {
      const startDate = addDays("2023-01-01", rng.int(0, 3 * 366));
      const endDate = addDays(startDate, rng.int(0, 4 * 366));
      const frequency = rng.pick(frequencies);
      const alignment = rng.pick(["calendar", "lease_start"] as const);
      const months = monthsPerPeriod(frequency);
      const periods = billingPeriods({ startDate, endDate }, frequency, alignment);
      const context = `${startDate}..${endDate} ${frequency} ${alignment}`;

      expect(periods[0]?.start, context).toBe(startDate);
      expect(periods.at(-1)?.end, context).toBe(endDate);
      for (const [i, p] of periods.entries()) {
        const next = periods[i + 1];
        if (next) expect(next.start, context).toBe(addDays(p.end, 1));
        expect(compareDates(p.fullStart, p.start), context).toBeLessThanOrEqual(0);
        expect(compareDates(p.start, p.end), context).toBeLessThanOrEqual(0);
        expect(compareDates(p.end, p.fullEnd), context).toBeLessThanOrEqual(0);
        if (i > 0) expect(p.start, context).toBe(p.fullStart);
        if (next) expect(p.end, context).toBe(p.fullEnd);
        if (alignment === "calendar") {
          expect(p.fullStart.slice(8), context).toBe("01");
          expect((Number(p.fullStart.slice(5, 7)) - 1) % months, context).toBe(0);
          expect(addDays(p.fullEnd, 1), context).toBe(addMonths(p.fullStart, months));
        } else {
          expect(p.fullStart, context).toBe(addMonths(startDate, i * months));
          expect(addDays(p.fullEnd, 1), context).toBe(addMonths(startDate, (i + 1) * months));
        }
      }
    }
  });
});

describe("periodContaining", () => {
  it.each([
    ["2026-08-15", "quarterly", "calendar", "2000-01-01", "2026-07-01", "2026-09-30"],
    ["2026-12-31", "semi_annual", "calendar", "2000-01-01", "2026-07-01", "2026-12-31"],
    ["2024-02-29", "annual", "calendar", "2000-01-01", "2024-01-01", "2024-12-31"],
    ["2024-02-29", "monthly", "calendar", "2000-01-01", "2024-02-01", "2024-02-29"],
    ["2026-03-15", "monthly", "lease_start", "2026-01-31", "2026-02-28", "2026-03-30"],
    ["2026-03-31", "monthly", "lease_start", "2026-01-31", "2026-03-31", "2026-04-29"],
    ["2026-01-31", "monthly", "lease_start", "2026-01-31", "2026-01-31", "2026-02-27"],
    // before the anchor: k = −2 (Nov 30 + 2 months = Jan 31)
    ["2025-12-15", "monthly", "lease_start", "2026-01-31", "2025-11-30", "2025-12-30"],
    ["2030-06-01", "annual", "lease_start", "2024-02-29", "2030-02-28", "2031-02-27"],
  ] as const)("%s %s %s from %s: %s..%s", (date, frequency, alignment, anchor, start, end) => {
    expect(periodContaining(date, frequency, alignment, anchor)).toEqual({
      fullStart: start,
      fullEnd: end,
    });
  });

  it("rejects unknown frequencies and alignments", () => {
    expect(() => monthsPerPeriod("weekly" as Frequency)).toThrow(/unknown frequency/);
    expect(() =>
      periodContaining("2026-01-01", "monthly", "fortnight" as PeriodAlignment, "2026-01-01"),
    ).toThrow(/unknown alignment/);
  });
});

describe("periodsBetween", () => {
  it("cuts the periods to the range and counts lease_start periods from the anchor", () => {
    expect(
      periodsBetween("2026-03-10", "2026-05-05", "monthly", "lease_start", "2026-01-20"),
    ).toEqual([
      { start: "2026-03-10", end: "2026-03-19", fullStart: "2026-02-20", fullEnd: "2026-03-19" },
      { start: "2026-03-20", end: "2026-04-19", fullStart: "2026-03-20", fullEnd: "2026-04-19" },
      { start: "2026-04-20", end: "2026-05-05", fullStart: "2026-04-20", fullEnd: "2026-05-19" },
    ]);
  });

  it("anchors at the range start by default and is empty for a reversed range", () => {
    expect(periodsBetween("2026-03-10", "2026-04-09", "monthly", "lease_start")).toEqual([
      { start: "2026-03-10", end: "2026-04-09", fullStart: "2026-03-10", fullEnd: "2026-04-09" },
    ]);
    expect(periodsBetween("2026-03-10", "2026-03-09", "monthly", "calendar")).toEqual([]);
  });
});
