import { describe, expect, it } from "vitest";
import { monthEnd } from "./get-first-bills.ts";

describe("monthEnd", () => {
  it.each([
    ["2026-01-01", "2026-01-31"],
    ["2026-02-15", "2026-02-28"],
    ["2028-02-01", "2028-02-29"],
    ["2026-12-31", "2026-12-31"],
    ["2026-04-30", "2026-04-30"],
  ])("%s → %s", (date, end) => {
    expect(monthEnd(date)).toBe(end);
  });
});
