import { describe, expect, it } from "vitest";
import { decimalToMinor, formatMoney, minorDigits, minorToDecimal } from "./money";

describe("money formatting", () => {
  it("turns minor units into the decimal they stand for, exactly", () => {
    expect(minorToDecimal(123456, 2)).toBe("1234.56");
    expect(minorToDecimal(5, 2)).toBe("0.05");
    expect(minorToDecimal(-5, 2)).toBe("-0.05");
    expect(minorToDecimal(0, 2)).toBe("0.00");
    expect(minorToDecimal(1234, 0)).toBe("1234");
    expect(minorToDecimal(Number.MAX_SAFE_INTEGER, 2)).toBe("90071992547409.91");
  });

  it("knows each currency's minor digits", () => {
    expect(minorDigits("CNY")).toBe(2);
    expect(minorDigits("JPY")).toBe(0);
    expect(minorDigits("KWD")).toBe(3);
  });

  it("formats with the currency and the language", () => {
    expect(formatMoney(123456, "CNY", "zh-CN")).toBe("¥1,234.56");
    expect(formatMoney(123456, "CNY", "en")).toBe("CN¥1,234.56");
    expect(formatMoney(1234, "JPY", "en")).toBe("¥1,234");
    // 0.1 + 0.2 style drift cannot happen: the digits come from the integer.
    expect(formatMoney(30, "CNY", "en")).toBe("CN¥0.30");
    expect(formatMoney(Number.MAX_SAFE_INTEGER, "CNY", "en")).toBe("CN¥90,071,992,547,409.91");
  });

  it("reads what a user typed back into minor units, refusing what is not an amount", () => {
    expect(decimalToMinor("1,234.5", 2)).toBe(123450);
    expect(decimalToMinor("0.07", 2)).toBe(7);
    expect(decimalToMinor("12", 0)).toBe(12);
    expect(decimalToMinor("1.234", 2)).toBeNull();
    expect(decimalToMinor("1e5", 2)).toBeNull();
    expect(decimalToMinor("abc", 2)).toBeNull();
    expect(decimalToMinor("", 2)).toBeNull();
    expect(decimalToMinor("99999999999999999", 2)).toBeNull();
  });
});
