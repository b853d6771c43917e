import { describe, expect, it } from "vitest";
import { formatMoney, minorDigits, toSafeNumber } from "./money.ts";

describe("formatMoney", () => {
  it.each([
    [1234567, "CNY", "¥12,345.67"],
    [0, "CNY", "¥0.00"],
    [5, "CNY", "¥0.05"],
    [100, "CNY", "¥1.00"],
    [123456789012, "CNY", "¥1,234,567,890.12"],
    [-250, "CNY", "-¥2.50"],
    [1234567, "CHF", "CHF 12,345.67"],
    [1234567, "JPY", "JPY 1,234,567"],
    [1000, "USD", "$10.00"],
  ] as const)("%i %s → %s", (minor, currency, text) => {
    expect(formatMoney(minor, currency)).toBe(text);
  });

  it("knows the minor digits of a currency", () => {
    expect(minorDigits("CNY")).toBe(2);
    expect(minorDigits("JPY")).toBe(0);
    expect(minorDigits("KWD")).toBe(3);
  });

  it("refuses unsafe amounts", () => {
    expect(() => formatMoney(0.5, "CNY")).toThrow(RangeError);
    expect(() => toSafeNumber(2n ** 60n)).toThrow(RangeError);
    expect(toSafeNumber(-42n)).toBe(-42);
  });
});
