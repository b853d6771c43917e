import { describe, expect, it } from "vitest";
import { formatReceiptNumber, receiptPrefix } from "./receipt-number.ts";

describe("receipt numbers", () => {
  it.each([
    ["SH-GARDEN", 123, "SH-GARDEN-000123"],
    ["SH-GARDEN", 1, "SH-GARDEN-000001"],
    ["BJ", 999999, "BJ-999999"],
    ["BJ", 1234567, "BJ-1234567"],
  ] as const)("%s #%i → %s", (code, seq, number) => {
    expect(formatReceiptNumber(code, seq)).toBe(number);
  });

  it("refuses positions that are not 1, 2, 3, …", () => {
    expect(() => formatReceiptNumber("X", 0)).toThrow(RangeError);
    expect(() => formatReceiptNumber("X", 1.5)).toThrow(RangeError);
  });

  it("falls back to the site id for a site without a code", () => {
    expect(receiptPrefix({ id: "sit_01JD3Z6S41X7M2Q8RZ0B4C5D6E", code: "" })).toBe("0B4C5D6E");
    expect(receiptPrefix({ id: "sit_x", code: "SH-01" })).toBe("SH-01");
  });
});
