import { describe, expect, it } from "vitest";
import { formatLocal, fromDbDate, startOfDayIn, toDbDate, todayIn } from "./zoned.ts";

describe("civil dates in a site's time zone", () => {
  it("tells today by the site's time zone, not the server's", () => {
    const instant = new Date("2026-11-24T17:30:00Z");
    expect(todayIn("Asia/Shanghai", instant)).toBe("2026-11-25");
    expect(todayIn("America/New_York", instant)).toBe("2026-11-24");
    expect(todayIn("UTC", instant)).toBe("2026-11-24");
    // The cached formatter of one zone never answers for another.
    expect(todayIn("Pacific/Kiritimati", new Date("2026-12-31T10:00:00Z"))).toBe("2027-01-01");
    expect(todayIn("Pacific/Pago_Pago", new Date("2026-12-31T10:00:00Z"))).toBe("2026-12-30");
  });

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

  it("stores a civil date as UTC midnight and reads it back", () => {
    expect(toDbDate("2026-07-04").toISOString()).toBe("2026-07-04T00:00:00.000Z");
    expect(fromDbDate(toDbDate("2024-02-29"))).toBe("2024-02-29");
  });
});
