import { describe, expect, it } from "vitest";
import { openingIssueDate } from "./opening-arrears.ts";

describe("openingIssueDate", () => {
  it.each([
    ["due within the period", "2026-01-01", "2026-01-05", "2026-01-01"],
    ["due on the period's first day", "2026-01-01", "2026-01-01", "2026-01-01"],
    ["due after the period", "2025-12-01", "2026-01-10", "2025-12-01"],
    ["charged in advance", "2026-02-01", "2026-01-25", "2026-01-25"],
    ["a year in advance", "2027-01-01", "2026-01-01", "2026-01-01"],
  ])("%s", (_, periodStart, dueDate, expected) => {
    expect(openingIssueDate(periodStart, dueDate)).toBe(expected);
  });
});
