import { describe, expect, it } from "vitest";
import { type Frequency, monthlyRentMinor } from "./rent.ts";

describe("monthlyRentMinor", () => {
  it.each([
    [{ kind: "per_period", amountMinor: 500_000 } as const, "monthly", 500_000n],
    [{ kind: "per_period", amountMinor: 30_000 } as const, "quarterly", 10_000n],
    [{ kind: "per_period", amountMinor: 10_001 } as const, "quarterly", 3_334n], // 3333.67
    [{ kind: "per_period", amountMinor: 10_003 } as const, "semi_annual", 1_667n], // 1667.17
    [{ kind: "per_period", amountMinor: 6 } as const, "annual", 1n], // 0.5 rounds up
    [
      { kind: "per_m2_month", rateMinorPerM2: 9_500, areaHundredths: 8_550 } as const,
      "quarterly",
      812_250n,
    ],
    [{ kind: "per_m2_month", rateMinorPerM2: 3, areaHundredths: 50 } as const, "monthly", 2n], // 1.5
    [{ kind: "per_m2_month", rateMinorPerM2: 3, areaHundredths: 49 } as const, "monthly", 1n], // 1.47
  ])("%o %s → %s", (rent, frequency, expected) => {
    expect(monthlyRentMinor(rent, frequency as Frequency)).toBe(expected);
  });
});
