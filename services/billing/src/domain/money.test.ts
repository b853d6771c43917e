import { describe, expect, it } from "vitest";
import { mulDivRound, nonNegativeMinor, roundedQuotient, safeMinor } from "./money.ts";

describe("mulDivRound (half up, away from zero)", () => {
  it.each([
    // a, b, c, a×b÷c exactly, rounded
    [1005, 1, 2, "502.5", 503],
    [1004, 1, 2, "502", 502],
    [1, 1, 2, "0.5", 1],
    [1, 1, 3, "0.33…", 0],
    [2, 1, 3, "0.66…", 1],
    [-1005, 1, 2, "-502.5", -503],
    [1005, -1, 2, "-502.5", -503],
    [1005, 1, -2, "-502.5", -503],
    [-1, 1, 3, "-0.33…", 0],
    [-2, 1, 3, "-0.66…", -1],
    [0, 123, 7, "0", 0],
    // late fees: balance × bp ÷ 10 000
    [1_000, 5, 10_000, "0.5", 1],
    [999, 5, 10_000, "0.4995", 0],
    [12_345, 5, 10_000, "6.1725", 6],
    [1_000_000, 5, 10_000, "500", 500],
    [3_333_333, 3, 10_000, "999.9999", 1_000],
    // meters: thousandths × price ÷ 1000
    [1_500, 85, 1_000, "127.5", 128],
    [1_499, 85, 1_000, "127.415", 127],
    [10_000_000_000_000, 366, 365, "10027397260273.97…", 10_027_397_260_274],
    [999_999_999_999, 999_999, 999_998, "1000001000001.000001…", 1_000_001_000_001],
    [Number.MAX_SAFE_INTEGER, 3, 3, "2^53 − 1", Number.MAX_SAFE_INTEGER],
    // A quotient past 2^53 − 1 is refused, not rounded to a nearby double.
    [9_000_000_000_000_000, 366, 365, "9024657534246575.3…", null],
  ])("%d × %d ÷ %d = %s → %s", (a, b, c, _exact, expected) => {
    if (expected === null) {
      expect(() => mulDivRound(a, b, c)).toThrow(RangeError);
    } else {
      expect(mulDivRound(a, b, c)).toBe(expected);
    }
  });

  it("is exact where floating point is not", () => {
    expect(mulDivRound(1_000_000_000_000_001, 366, 366_000)).toBe(1_000_000_000_000);
    expect(mulDivRound(3_000_000_000_000_001, 1_000, 1_000)).toBe(3_000_000_000_000_001);
  });

  it.each([
    [0.5, 1, 1],
    [1, Number.NaN, 1],
    [1, 1, Number.POSITIVE_INFINITY],
    [2 ** 53, 1, 1],
  ])("refuses unsafe input %d × %d ÷ %d", (a, b, c) => {
    expect(() => mulDivRound(a, b, c)).toThrow(RangeError);
  });

  it("refuses division by zero", () => {
    expect(() => mulDivRound(1, 1, 0)).toThrow(/division by zero/);
  });
});

describe("roundedQuotient: one rounding for a sum of products", () => {
  it.each([
    {
      name: "15 + 16 of 31 days at two prices",
      terms: [
        [30_000, 15],
        [33_000, 16],
      ],
      divisors: [31],
      expected: 31_548,
    },
    {
      name: "two halves of 100001 over 30 days",
      terms: [
        [100_001, 15],
        [100_001, 15],
      ],
      divisors: [30],
      expected: 100_001,
    },
    { name: "no terms", terms: [], divisors: [7], expected: 0 },
    { name: "−1.5", terms: [[-3]], divisors: [2], expected: -2 },
  ])("$name → $expected", ({ terms, divisors, expected }) => {
    expect(roundedQuotient(terms, divisors)).toBe(expected);
  });

  it("throws when the result is not a safe integer", () => {
    expect(() => roundedQuotient([[Number.MAX_SAFE_INTEGER, 2]], [1])).toThrow(/result/);
  });
});

describe("safeMinor / nonNegativeMinor", () => {
  it.each([0, 1, Number.MAX_SAFE_INTEGER])("accepts %d", (value) => {
    expect(safeMinor(value)).toBe(value);
    expect(nonNegativeMinor(value)).toBe(value);
  });

  it.each([0.1, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY])("rejects %d", (value) => {
    expect(() => safeMinor(value, "rent")).toThrow(/rent is not a safe integer/);
    expect(() => nonNegativeMinor(value, "rent")).toThrow(/rent is not a safe integer/);
  });

  it("nonNegativeMinor rejects a negative amount", () => {
    expect(safeMinor(-1)).toBe(-1);
    expect(() => nonNegativeMinor(-1, "balance")).toThrow(/balance is negative/);
  });
});
