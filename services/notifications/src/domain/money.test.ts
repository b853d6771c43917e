import { describe, expect, it } from "vitest";
import { formatMoney } from "./money.ts";

describe("formatMoney", () => {
  it.each([
    [0, "CNY", "¥0.00"],
    [5, "CNY", "¥0.05"],
    [99, "CNY", "¥0.99"],
    [100, "CNY", "¥1.00"],
    [123_450, "CNY", "¥1,234.50"],
    [100_000_000_000, "CNY", "¥1,000,000,000.00"],
    [Number.MAX_SAFE_INTEGER, "CNY", "¥90,071,992,547,409.91"],
    [-5, "USD", "-US$0.05"],
    [-123_456_789, "HKD", "-HK$1,234,567.89"],
    [1_234_567, "JPY", "JP¥1,234,567"],
    [123_450, "XYZ", "1,234.50 XYZ"],
  ])("%d %s is %s", (minor, currency, text) => {
    expect(formatMoney(minor, currency)).toBe(text);
  });

  it("refuses an amount that is not whole", () => {
    expect(() => formatMoney(1.5, "CNY")).toThrow(RangeError);
  });
});
