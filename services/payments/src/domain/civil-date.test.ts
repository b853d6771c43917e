import { describe, expect, it } from "vitest";
import { formatLocal, isCivilDate, nextDay, startOfDayIn } from "./civil-date.ts";

describe("civil dates in a site's time zone", () => {
  it.each([
    ["2026-01-15", "Asia/Shanghai", "2026-01-14T16:00:00.000Z"],
    ["2026-01-15", "UTC", "2026-01-15T00:00:00.000Z"],
    ["2026-07-01", "Europe/London", "2026-06-30T23:00:00.000Z"],
    ["2026-03-29", "Europe/London", "2026-03-29T00:00:00.000Z"],
    ["2026-03-30", "Europe/London", "2026-03-29T23:00:00.000Z"],
    ["2026-11-01", "America/New_York", "2026-11-01T04:00:00.000Z"],
    ["2026-11-02", "America/New_York", "2026-11-02T05:00:00.000Z"],
    // Midnight does not exist in Santiago on the day DST starts: the day begins at 01:00.
    ["2026-09-06", "America/Santiago", "2026-09-06T04:00:00.000Z"],
  ])("%s begins in %s at %s", (date, zone, instant) => {
    expect(startOfDayIn(date, zone).toISOString()).toBe(instant);
  });

  it("prints local time", () => {
    expect(formatLocal(new Date("2026-01-14T16:05:00Z"), "Asia/Shanghai")).toBe("2026-01-15 00:05");
    expect(formatLocal(new Date("2026-01-14T16:05:00Z"), "UTC")).toBe("2026-01-14 16:05");
  });

  it("checks and steps dates", () => {
    expect(isCivilDate("2026-02-28")).toBe(true);
    expect(isCivilDate("2026-02-29")).toBe(false);
    expect(isCivilDate("2026-2-1")).toBe(false);
    expect(nextDay("2026-12-31")).toBe("2027-01-01");
    expect(nextDay("2028-02-28")).toBe("2028-02-29");
  });
});
