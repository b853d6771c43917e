import { describe, expect, it } from "vitest";
import {
  mulDivRound,
  nonNegativeMinor,
  roundedQuotient,
  safeMinor,
  sumBy,
  sumMinor,
} from "./money.ts";

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
    [-1005, -1, 2, "502.5", 503],
    [-1, 1, 3, "-0.33…", 0],
    [-2, 1, 3, "-0.66…", -1],
    [0, 123, 7, "0", 0],
    [1_000_000, 17, 31, "548387.09…", 548387],
    [1_000_000, 20, 30, "666666.66…", 666667],
    [100_001, 15, 30, "50000.5", 50001],
    [290_000, 20, 29, "200000", 200000],
    [1_000_000, 10_500, 10_000, "1050000", 1_050_000],
    [10, 10_500, 10_000, "10.5", 11],
    [9501, 8550, 100, "812335.5", 812336],
    [9500, 8550, 100, "812250", 812250],
    // late fees: balance × bp ÷ 10 000
    [1_000, 5, 10_000, "0.5", 1],
    [999, 5, 10_000, "0.4995", 0],
    [12_345, 5, 10_000, "6.1725", 6],
    [1_000_000, 5, 10_000, "500", 500],
    [3_333_333, 3, 10_000, "999.9999", 1_000],
    // meters: thousandths × price ÷ 1000
    [1_500, 85, 1_000, "127.5", 128],
    [1_499, 85, 1_000, "127.415", 127],
    // 1e13 × 366 ÷ 365: the product 3.66e15 is safe, but only exact arithmetic rounds it right.
    [10_000_000_000_000, 366, 365, "10027397260273.97…", 10_027_397_260_274],
    // A quotient past 2^53 − 1 is refused, not rounded to a nearby double.
    [9_000_000_000_000_000, 366, 365, "9024657534246575.3…", null],
    // The product (~1e18) is far past 2^53; the quotient is still exact.
    [999_999_999_999, 999_999, 999_998, "1000001000001.000001…", 1_000_001_000_001],
    [Number.MAX_SAFE_INTEGER, 3, 3, "2^53 − 1", Number.MAX_SAFE_INTEGER],
  ])("%d × %d ÷ %d = %s → %s", (a, b, c, _exact, expected) => {
    if (expected === null) {
      expect(() => mulDivRound(a, b, c)).toThrow(RangeError);
    } else {
      expect(mulDivRound(a, b, c)).toBe(expected);
    }
  });

  it("is exact where floating point is not", () => {
    // In doubles 1e15 × 366 = 3.66e17 is not exactly representable; BigInt keeps every digit.
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
    // Σ (price × days) ÷ divisors: proration of segments, prices in hundredths of a fen
    {
      name: "two halves of 100001 fen over 30 days",
      terms: [
        [100_001, 100, 15],
        [100_001, 100, 15],
      ],
      divisors: [100, 30],
      expected: 100_001,
    },
    {
      name: "10 days at 1e6, 20 at 1.2e6 of 30",
      terms: [
        [1_000_000, 100, 10],
        [1_200_000, 100, 20],
      ],
      divisors: [100, 30],
      expected: 1_133_333,
    },
    {
      name: "14 days at 1e6, 17 at 1.05e6 of 31",
      terms: [
        [1_000_000, 100, 14],
        [1_050_000, 100, 17],
      ],
      divisors: [100, 31],
      expected: 1_027_419,
    },
    {
      name: "9500 × 85.50 m² × 1 month",
      terms: [[9500, 8550, 1]],
      divisors: [100],
      expected: 812_250,
    },
    {
      name: "9501 × 85.50 m² (…5.5)",
      terms: [[9501, 8550, 1]],
      divisors: [100],
      expected: 812_336,
    },
    {
      name: "15 + 16 of 31 days at two prices",
      terms: [
        [30_000, 15],
        [33_000, 16],
      ],
      divisors: [31],
      expected: 31_548,
    },
    { name: "no terms", terms: [], divisors: [7], expected: 0 },
    {
      name: "negative and positive cancel",
      terms: [
        [-5, 3],
        [5, 3],
      ],
      divisors: [2],
      expected: 0,
    },
    { name: "−1.5", terms: [[-3]], divisors: [2], expected: -2 },
  ])("$name → $expected", ({ terms, divisors, expected }) => {
    expect(roundedQuotient(terms, divisors)).toBe(expected);
  });

  it("keeps rounding until the end, unlike rounding each term", () => {
    const perTerm = mulDivRound(100_001, 15, 30) + mulDivRound(100_001, 15, 30);
    expect(perTerm).toBe(100_002);
    expect(
      roundedQuotient(
        [
          [100_001, 15],
          [100_001, 15],
        ],
        [30],
      ),
    ).toBe(100_001);
  });

  it("throws when the result is not a safe integer", () => {
    expect(() => roundedQuotient([[Number.MAX_SAFE_INTEGER, 2]], [1])).toThrow(/result/);
  });
});

describe("safeMinor / nonNegativeMinor", () => {
  it.each([0, 1, -1, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER])(
    "safeMinor accepts %d",
    (value) => {
      expect(safeMinor(value)).toBe(value);
    },
  );

  it.each([0, 1, Number.MAX_SAFE_INTEGER])("nonNegativeMinor accepts %d", (value) => {
    expect(nonNegativeMinor(value)).toBe(value);
  });

  it.each([0.1, 2 ** 53, -(2 ** 53), Number.NaN, Number.POSITIVE_INFINITY])(
    "rejects %d",
    (value) => {
      expect(() => safeMinor(value, "rent")).toThrow(/rent is not a safe integer/);
      expect(() => nonNegativeMinor(value, "rent")).toThrow(/rent is not a safe integer/);
    },
  );

  it("nonNegativeMinor rejects a negative amount", () => {
    expect(() => nonNegativeMinor(-1, "balance")).toThrow(/balance is negative/);
    expect(() => nonNegativeMinor(Number.MIN_SAFE_INTEGER)).toThrow(/amount is negative/);
  });
});

describe("sumMinor / sumBy", () => {
  it.each([
    [[], 0],
    [[1, 2, 3], 6],
    [[548_387, 1_000_000, 1_000_000, 666_667], 3_215_054],
    [[-5, 5], 0],
    [[Number.MAX_SAFE_INTEGER - 1, 1], Number.MAX_SAFE_INTEGER],
  ])("%j → %d", (amounts, total) => {
    expect(sumMinor(amounts)).toBe(total);
    expect(sumBy(amounts, (a) => a)).toBe(total);
  });

  it("throws on overflow or a fractional amount", () => {
    expect(() => sumMinor([Number.MAX_SAFE_INTEGER, 1])).toThrow(RangeError);
    expect(() => sumMinor([1, 0.5])).toThrow(RangeError);
    expect(() => sumBy([{ a: 2 ** 53 }], (x) => x.a)).toThrow(RangeError);
  });

  it("sums a property of objects", () => {
    expect(sumBy([{ amountMinor: 10 }, { amountMinor: 32 }], (l) => l.amountMinor)).toBe(42);
  });
});
