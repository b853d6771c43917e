import { describe, expect, it } from "vitest";
import {
  areaText,
  basisPoints,
  count,
  emptyTally,
  hundredthsOf,
  sum,
  vacancy,
} from "./occupancy.ts";

describe("occupancy arithmetic", () => {
  it.each([
    [1n, 3n, 3333], // 3333.33…
    [2n, 3n, 6667], // 6666.66… rounds up
    [1n, 8n, 1250],
    [1n, 20_000n, 1], // 0.5 bp rounds half up
    [1n, 20_001n, 0],
    [0n, 5n, 0],
    [5n, 5n, 10_000],
    [3n, 0n, 0], // nothing lettable: no vacancy
  ])("%s of %s is %s bp", (part, whole, expected) => {
    expect(basisPoints(part, whole)).toBe(expected);
  });

  it.each([
    ["0", 0n, "0.00"],
    ["7", 700n, "7.00"],
    ["12.5", 1250n, "12.50"],
    ["120.05", 12005n, "120.05"],
    ["999999999.99", 99999999999n, "999999999.99"],
  ])("area %s is %s hundredths, shown %s", (text, hundredths, shown) => {
    expect(hundredthsOf(text)).toBe(hundredths);
    expect(areaText(hundredths)).toBe(shown);
  });

  it("refuses what is not an area of at most two places", () => {
    for (const text of ["", "1.234", "1e3", "abc", "1.", ".5"]) {
      expect(() => hundredthsOf(text), text).toThrow();
    }
  });

  it("counts vacancy over lettable stock: inactive units are in neither side", () => {
    const tally = emptyTally();
    count(tally, "leased", 3, 30_000n);
    count(tally, "vacant", 1, 5_000n);
    count(tally, "maintenance", 1, 5_000n);
    count(tally, "inactive", 5, 1_000_000n);
    expect(vacancy(tally)).toEqual({ unitsBp: 2000, areaBp: 1250 });
    expect(vacancy(emptyTally())).toEqual({ unitsBp: 0, areaBp: 0 });
  });

  it("sums tallies exactly", () => {
    const a = emptyTally();
    const b = emptyTally();
    count(a, "vacant", 1, 1n);
    count(b, "vacant", 2, 99_999_999_999n);
    count(b, "reserved", 1, 10n);
    const total = sum([a, b]);
    expect(total.units).toMatchObject({ vacant: 3, reserved: 1, leased: 0 });
    expect(total.areaHundredths.vacant).toBe(100_000_000_000n);
  });
});
