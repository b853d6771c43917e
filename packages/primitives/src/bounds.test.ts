import { describe, expect, it } from "vitest";
import {
  EARLIEST_INSTANT_MS,
  END_OF_LATEST_INSTANT_MS,
  isAmountInRange,
  isDateInRange,
  isInstantInRange,
  MAX_AMOUNT_MINOR,
} from "./bounds.ts";
import { sumMinor } from "./money.ts";

describe("bounds", () => {
  it.each([
    [0, true, false],
    [1, true, true],
    [MAX_AMOUNT_MINOR, true, true],
    [MAX_AMOUNT_MINOR + 1, false, false],
    [-1, false, false],
    [1.5, false, false],
    [2 ** 53 + 1, false, false],
    [1e308, false, false],
    [Number.NaN, false, false],
    ["1", false, false],
  ])("amount %s: in range %s, positive %s", (value, inRange, positive) => {
    expect(isAmountInRange(value)).toBe(inRange);
    expect(isAmountInRange(value, true)).toBe(positive);
  });

  it("90,000 maximal amounts still add up exactly", () => {
    expect(sumMinor(Array.from({ length: 90_000 }, () => MAX_AMOUNT_MINOR))).toBe(
      9_000_000_000_000_000,
    );
  });

  it.each([
    ["2000-01-01", true],
    ["2099-12-31", true],
    ["1999-12-31", false],
    ["2100-01-01", false],
    ["0000-01-01", false],
    ["9999-12-31", false],
    ["2026-02-30", false],
    ["2026-1-1", false],
    [20260101, false],
  ])("date %s in range: %s", (value, expected) => {
    expect(isDateInRange(value)).toBe(expected);
  });

  it("instants: the years 2000–2099 in UTC", () => {
    expect(isInstantInRange(EARLIEST_INSTANT_MS)).toBe(true);
    expect(isInstantInRange(EARLIEST_INSTANT_MS - 1)).toBe(false);
    expect(isInstantInRange(END_OF_LATEST_INSTANT_MS - 1)).toBe(true);
    expect(isInstantInRange(END_OF_LATEST_INSTANT_MS)).toBe(false);
    expect(isInstantInRange(Date.parse("0000-01-01T00:00:00Z"))).toBe(false);
    expect(isInstantInRange(Number.NaN)).toBe(false);
  });
});
