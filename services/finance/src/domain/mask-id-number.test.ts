import { describe, expect, it } from "vitest";
import { maskIdNumber } from "./mask-id-number.ts";

describe("maskIdNumber", () => {
  it.each([
    ["11010519491231002X", "**************002X"],
    // Already masked by the customers service (prefix shown): the prefix goes too.
    ["1101**********002X", "**************002X"],
    ["E12345678", "*****5678"],
    ["12345", "*2345"],
    ["1234", "****"],
    ["12", "**"],
    ["", ""],
  ])("%j → %j", (input, expected) => {
    expect(maskIdNumber(input)).toBe(expected);
  });
});
