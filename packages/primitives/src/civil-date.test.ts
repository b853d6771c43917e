import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonths,
  civilDate,
  compareDates,
  daysBetween,
  daysInclusive,
  daysInMonth,
  eachDay,
  endOfMonth,
  fromEpochDay,
  isCivilDate,
  isLeapYear,
  isWithin,
  maxDate,
  minDate,
  parseCivilDate,
  startOfMonth,
  toEpochDay,
} from "./civil-date.ts";

describe("isLeapYear", () => {
  it.each([
    [2024, true],
    [2025, false],
    [2000, true],
    [2100, false],
    [1900, false],
    [2400, true],
    [1996, true],
  ])("%i → %s", (year, leap) => {
    expect(isLeapYear(year)).toBe(leap);
  });
});

describe("daysInMonth", () => {
  it.each([
    [2024, 2, 29],
    [2025, 2, 28],
    [2000, 2, 29],
    [2100, 2, 28],
    [2026, 1, 31],
    [2026, 4, 30],
    [2026, 6, 30],
    [2026, 7, 31],
    [2026, 9, 30],
    [2026, 11, 30],
    [2026, 12, 31],
  ])("%i-%i has %i days", (year, month, days) => {
    expect(daysInMonth(year, month)).toBe(days);
  });
});

describe("isCivilDate", () => {
  it.each(["2024-02-29", "2000-02-29", "2026-12-31", "0001-01-01", "9999-12-31"])(
    "accepts %s",
    (date) => {
      expect(isCivilDate(date)).toBe(true);
    },
  );

  it.each([
    "2025-02-29",
    "2100-02-29",
    "2026-04-31",
    "2026-13-01",
    "2026-00-10",
    "2026-01-00",
    "0000-01-01",
    "2026-1-01",
    "2026-01-1",
    "26-01-01",
    "2026/01/01",
    "2026-01-01T00:00:00Z",
    " 2026-01-01",
    "",
    20260101,
    null,
    undefined,
  ])("rejects %j", (value) => {
    expect(isCivilDate(value)).toBe(false);
  });
});

describe("parseCivilDate / civilDate", () => {
  it("round-trips", () => {
    expect(parseCivilDate("2024-02-29")).toEqual({ year: 2024, month: 2, day: 29 });
    expect(civilDate(2024, 2, 29)).toBe("2024-02-29");
    expect(civilDate(5, 3, 7)).toBe("0005-03-07");
  });

  it.each([
    [2025, 2, 29],
    [2026, 4, 31],
    [2026, 13, 1],
    [10000, 1, 1],
    [2026.5, 1, 1],
  ])("civilDate(%d, %d, %d) throws", (year, month, day) => {
    expect(() => civilDate(year, month, day)).toThrow(/no such date/);
  });

  it("parseCivilDate throws on a malformed date", () => {
    expect(() => parseCivilDate("2025-02-29")).toThrow(/not a civil date/);
  });
});

describe("toEpochDay / fromEpochDay", () => {
  it.each([
    ["1970-01-01", 0],
    ["1969-12-31", -1],
    ["2000-03-01", 11017],
    ["2024-02-29", 19782],
    ["2026-01-01", 20454],
    ["0001-01-01", -719162],
    ["9999-12-31", 2932896],
  ])("%s is day %i", (date, day) => {
    expect(toEpochDay(date)).toBe(day);
    expect(fromEpochDay(day)).toBe(date);
  });

  it("agrees with the proleptic Gregorian calendar of Date.UTC for 1899–2201", () => {
    // Test-only reference: Date is fine here, the domain code never uses it.
    const first = Date.UTC(1899, 0, 1) / 86_400_000;
    const last = Date.UTC(2201, 11, 31) / 86_400_000;
    for (let day = first; day <= last; day++) {
      const expected = new Date(day * 86_400_000).toISOString().slice(0, 10);
      if (fromEpochDay(day) !== expected || toEpochDay(expected) !== day) {
        expect.fail(`day ${day}: ${fromEpochDay(day)} ≠ ${expected}`);
      }
    }
  });

  it.each([
    [-719163, /outside years/],
    [2932897, /outside years/],
    [0.5, /not a day number/],
  ])("fromEpochDay(%d) throws", (day, message) => {
    expect(() => fromEpochDay(day)).toThrow(message);
  });

  it("toEpochDay throws on a malformed date", () => {
    expect(() => toEpochDay("2025-02-29")).toThrow(/not a civil date/);
  });
});

describe("compareDates, minDate, maxDate, isWithin", () => {
  it.each([
    ["2026-01-01", "2026-01-02", -1],
    ["2026-01-02", "2026-01-01", 1],
    ["2026-01-01", "2026-01-01", 0],
    ["2025-12-31", "2026-01-01", -1],
    ["0999-12-31", "1000-01-01", -1],
  ])("compare(%s, %s) = %i", (a, b, expected) => {
    expect(compareDates(a, b)).toBe(expected);
  });

  it("picks the earliest and latest", () => {
    expect(minDate("2026-03-01", "2025-12-31", "2026-01-15")).toBe("2025-12-31");
    expect(maxDate("2026-03-01", "2025-12-31", "2026-03-02")).toBe("2026-03-02");
    expect(minDate("2026-03-01")).toBe("2026-03-01");
  });

  it.each([
    ["2026-01-01", true],
    ["2026-01-31", true],
    ["2026-01-15", true],
    ["2025-12-31", false],
    ["2026-02-01", false],
  ])("isWithin(%s, 2026-01-01, 2026-01-31) = %s", (date, expected) => {
    expect(isWithin(date, "2026-01-01", "2026-01-31")).toBe(expected);
  });

  it("throws on a malformed date", () => {
    expect(() => compareDates("2026-02-30", "2026-03-01")).toThrow(/not a civil date/);
  });
});

describe("addDays / daysBetween", () => {
  it.each([
    ["2026-01-31", 1, "2026-02-01"],
    ["2024-02-28", 1, "2024-02-29"],
    ["2024-02-29", 1, "2024-03-01"],
    ["2025-02-28", 1, "2025-03-01"],
    ["2100-02-28", 1, "2100-03-01"],
    ["2000-02-28", 1, "2000-02-29"],
    ["2026-12-31", 1, "2027-01-01"],
    ["2027-01-01", -1, "2026-12-31"],
    ["2024-03-01", -1, "2024-02-29"],
    ["2026-03-05", 6, "2026-03-11"],
    ["2026-03-15", -15, "2026-02-28"],
    ["2026-01-01", 365, "2027-01-01"],
    ["2024-01-01", 366, "2025-01-01"],
    ["2026-05-20", 0, "2026-05-20"],
  ])("%s %+i → %s", (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
    expect(daysBetween(date, expected)).toBe(days);
  });

  it("refuses fractional days", () => {
    expect(() => addDays("2026-01-01", 0.5)).toThrow(/whole number/);
  });
});

describe("addMonths (clamped to the month end)", () => {
  it.each([
    ["2026-01-15", 1, "2026-02-15"],
    ["2026-01-31", 1, "2026-02-28"],
    ["2024-01-31", 1, "2024-02-29"],
    ["2024-01-31", 2, "2024-03-31"],
    ["2026-01-31", 3, "2026-04-30"],
    ["2026-03-31", -1, "2026-02-28"],
    ["2024-02-29", 12, "2025-02-28"],
    ["2024-02-29", 48, "2028-02-29"],
    ["2100-01-29", 1, "2100-02-28"],
    ["2000-01-29", 1, "2000-02-29"],
    ["2026-11-30", 2, "2027-01-30"],
    ["2026-12-31", 1, "2027-01-31"],
    ["2027-01-15", -1, "2026-12-15"],
    ["2026-08-31", 6, "2027-02-28"],
    ["2026-05-20", 0, "2026-05-20"],
    ["2026-05-20", -24, "2024-05-20"],
  ])("%s %+i months → %s", (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });
});

describe("daysBetween / daysInclusive", () => {
  it.each([
    ["2026-01-01", "2026-01-01", 0, 1],
    ["2026-01-01", "2026-01-31", 30, 31],
    ["2024-02-01", "2024-02-29", 28, 29],
    ["2025-02-01", "2025-02-28", 27, 28],
    ["2024-01-01", "2024-12-31", 365, 366],
    ["2025-01-01", "2025-12-31", 364, 365],
    ["2100-01-01", "2100-12-31", 364, 365],
    ["2000-01-01", "2000-12-31", 365, 366],
    ["2026-03-15", "2026-03-31", 16, 17],
    ["2026-12-20", "2027-01-10", 21, 22],
    ["2026-01-02", "2026-01-01", -1, 0],
    ["2026-02-01", "2026-01-01", -31, 0],
  ])("%s → %s: %i apart, %i days inclusive", (from, to, between, inclusive) => {
    expect(daysBetween(from, to)).toBe(between);
    expect(daysInclusive(from, to)).toBe(inclusive);
  });
});

describe("startOfMonth / endOfMonth", () => {
  it.each([
    ["2024-02-10", "2024-02-01", "2024-02-29"],
    ["2025-02-10", "2025-02-01", "2025-02-28"],
    ["2026-12-31", "2026-12-01", "2026-12-31"],
    ["2026-04-01", "2026-04-01", "2026-04-30"],
  ])("%s: %s..%s", (date, start, end) => {
    expect(startOfMonth(date)).toBe(start);
    expect(endOfMonth(date)).toBe(end);
  });
});

describe("eachDay", () => {
  it("lists every day across a leap-day year end", () => {
    expect([...eachDay("2024-02-27", "2024-03-02")]).toEqual([
      "2024-02-27",
      "2024-02-28",
      "2024-02-29",
      "2024-03-01",
      "2024-03-02",
    ]);
    expect([...eachDay("2026-12-30", "2027-01-01")]).toEqual([
      "2026-12-30",
      "2026-12-31",
      "2027-01-01",
    ]);
  });

  it("is empty for a reversed range and single for one day", () => {
    expect([...eachDay("2026-01-02", "2026-01-01")]).toEqual([]);
    expect([...eachDay("2026-01-01", "2026-01-01")]).toEqual(["2026-01-01"]);
  });
});
