import { describe, expect, it } from "vitest";
import { addDays, fromDbDate, isCivilDate, toDbDate, todayIn } from "./civil-date.ts";

describe("civil dates", () => {
  it.each([
    ["2026-02-28", true],
    ["2024-02-29", true],
    ["2026-02-29", false],
    ["2026-13-01", false],
    ["2026-1-01", false],
    ["26-01-01", false],
  ])("isCivilDate(%s) → %s", (value, ok) => expect(isCivilDate(value)).toBe(ok));

  it("tells today by the site's time zone, not the server's", () => {
    const instant = new Date("2026-11-24T17:30:00Z");
    expect(todayIn("Asia/Shanghai", instant)).toBe("2026-11-25");
    expect(todayIn("America/New_York", instant)).toBe("2026-11-24");
    expect(todayIn("UTC", instant)).toBe("2026-11-24");
  });

  it("adds days across month and year ends and leap days", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(fromDbDate(toDbDate("2026-07-04"))).toBe("2026-07-04");
  });
});
