import { describe, expect, it } from "vitest";
import { type BillStatus, billState, waiverNeedsApproval, waiverProblems } from "./bill-status.ts";

describe("billState: balance = amount − allocated − waived", () => {
  it.each<[string, number, number, number, number, BillStatus]>([
    ["nothing paid", 300_000, 0, 0, 300_000, "open"],
    ["partly paid", 300_000, 100_000, 0, 200_000, "open"],
    ["partly waived", 300_000, 0, 100_000, 200_000, "open"],
    ["partly paid and waived", 300_000, 100_000, 100_000, 100_000, "open"],
    ["1 fen left", 300_000, 299_999, 0, 1, "open"],
    ["paid in full", 300_000, 300_000, 0, 0, "paid"],
    ["waived in full", 300_000, 0, 300_000, 0, "waived"],
    ["paid, the rest waived: waived", 300_000, 299_000, 1_000, 0, "waived"],
    ["waived, the rest paid: waived", 300_000, 1_000, 299_000, 0, "waived"],
    ["a bill of 0: paid (nothing owed)", 0, 0, 0, 0, "paid"],
    ["the largest safe amount", Number.MAX_SAFE_INTEGER, 1, 0, Number.MAX_SAFE_INTEGER - 1, "open"],
  ])("%s", (_name, amount, allocated, waived, balance, status) => {
    expect(billState(amount, allocated, waived)).toEqual({ balanceMinor: balance, status });
  });

  it.each<[string, number, number, number, RegExp]>([
    ["over-allocated", 300_000, 300_001, 0, /exceed the bill's amount/],
    ["over-waived", 300_000, 0, 300_001, /exceed the bill's amount/],
    ["allocated + waived over the amount", 300_000, 200_000, 100_001, /exceed the bill's amount/],
    ["a negative allocation", 300_000, -1, 0, /negative/],
    ["a negative waiver", 300_000, 0, -1, /negative/],
    ["a negative amount", -1, 0, 0, /negative/],
    ["a fractional amount", 0.5, 0, 0, /safe integer/],
  ])("throws when %s", (_name, amount, allocated, waived, message) => {
    expect(() => billState(amount, allocated, waived)).toThrow(message);
  });
});

describe("waiverNeedsApproval: above the threshold", () => {
  it.each([
    [50_000, 100_000, false],
    [100_000, 100_000, false],
    [100_001, 100_000, true],
    [1, 0, true],
    [0, 0, false],
  ])("%i with threshold %i → %s", (amount, threshold, expected) => {
    expect(waiverNeedsApproval(amount, threshold)).toBe(expected);
  });

  it.each([
    [-1, 0],
    [1, -1],
    [0.5, 1],
  ])("throws on %d, %d", (amount, threshold) => {
    expect(() => waiverNeedsApproval(amount, threshold)).toThrow(RangeError);
  });
});

describe("waiverProblems", () => {
  it.each([
    [300_000, 1, []],
    [300_000, 300_000, []],
    [300_000, 300_001, ["must be at most the bill's balance (300000)"]],
    [0, 1, ["must be at most the bill's balance (0)"]],
    [300_000, 0, ["must be a whole number of minor units > 0"]],
    [300_000, -5, ["must be a whole number of minor units > 0"]],
    [300_000, 1.5, ["must be a whole number of minor units > 0"]],
  ])("balance %i, waive %d → %j", (balance, amount, messages) => {
    expect(waiverProblems(balance, amount)).toEqual(
      messages.map((message) => ({ field: "amountMinor", message })),
    );
  });
});
