import { describe, expect, it } from "vitest";
import { splitDeposit } from "./deposit-settlement.ts";

describe("splitDeposit", () => {
  it.each([
    // held, owed, forfeit → applied, refunded, forfeited
    [1_300_000, 0, false, 0, 1_300_000, 0],
    [1_300_000, 650_000, false, 650_000, 650_000, 0],
    [1_300_000, 650_000, true, 650_000, 0, 650_000],
    [1_300_000, 2_000_000, false, 1_300_000, 0, 0],
    [1_300_000, 1_300_000, true, 1_300_000, 0, 0],
    [1_300_000, -5_000, false, 0, 1_300_000, 0],
    [0, 100, false, 0, 0, 0],
  ])("held %i, owed %i, forfeit %s", (held, owed, forfeit, applied, refunded, forfeited) => {
    const split = splitDeposit(held, owed, forfeit);
    expect(split).toEqual({
      appliedMinor: applied,
      refundedMinor: refunded,
      forfeitedMinor: forfeited,
    });
    expect(split.appliedMinor + split.refundedMinor + split.forfeitedMinor).toBe(held);
  });

  it("refuses a negative or fractional held amount", () => {
    expect(() => splitDeposit(-1, 0, false)).toThrow(RangeError);
    expect(() => splitDeposit(1.5, 0, false)).toThrow(RangeError);
  });
});
