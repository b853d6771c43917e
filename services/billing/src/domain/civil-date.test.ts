import { describe, expect, it } from "vitest";
import {
  addDays,
  compareDates,
  daysBetween,
  fromEpochDay,
  isCivilDate,
  toEpochDay,
} from "./civil-date.ts";

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
    "2026/01/01",
    "2026-01-01T00:00:00Z",
    "",
    20260101,
    null,
    undefined,
  ])("rejects %j", (value) => {
    expect(isCivilDate(value)).toBe(false);
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

  it("agrees with the proleptic Gregorian calendar of Date.UTC for 1999–2101", () => {
    // Test-only reference: Date is fine here, the domain code never uses it.
    const first = Date.UTC(1999, 0, 1) / 86_400_000;
    const last = Date.UTC(2101, 11, 31) / 86_400_000;
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

describe("compareDates", () => {
  it.each([
    ["2026-01-01", "2026-01-02", -1],
    ["2026-01-02", "2026-01-01", 1],
    ["2026-01-01", "2026-01-01", 0],
    ["2025-12-31", "2026-01-01", -1],
    ["0999-12-31", "1000-01-01", -1],
  ])("compare(%s, %s) = %i", (a, b, expected) => {
    expect(compareDates(a, b)).toBe(expected);
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
