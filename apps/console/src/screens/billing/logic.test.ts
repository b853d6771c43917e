import { describe, expect, it } from "vitest";
import { billQuery, meterValueMilli, runFinished, runPercent, summarisePreview } from "./logic";

const run = (status: string, done: number, total: number) => ({
  status,
  done,
  total,
  dryRun: false,
});

describe("billing run progress", () => {
  it("is done of total, rounded down, 100 only when completed", () => {
    expect(runPercent(run("running", 0, 0))).toBe(0);
    expect(runPercent(run("running", 1, 3))).toBe(33);
    expect(runPercent(run("running", 999, 1000))).toBe(99);
    expect(runPercent(run("running", 1000, 1000))).toBe(100);
    expect(runPercent(run("completed", 0, 0))).toBe(100);
    expect(runPercent(run("completed", 5, 10))).toBe(100);
    expect(runPercent(run("failed", 5, 10))).toBe(50);
    // A count past the total never shows more than 100.
    expect(runPercent(run("running", 12, 10))).toBe(100);
  });

  it("stops polling when the run completed or failed", () => {
    expect(runFinished(run("running", 0, 1))).toBe(false);
    expect(runFinished(run("completed", 1, 1))).toBe(true);
    expect(runFinished(run("failed", 0, 1))).toBe(true);
  });
});

describe("dry run summary", () => {
  it("counts and sums by fee item, largest first, in integer minor units", () => {
    expect(
      summarisePreview([
        { feeCode: "rent", amountMinor: 100_01 },
        { feeCode: "management", amountMinor: 20_00 },
        { feeCode: "rent", amountMinor: 100_02 },
      ]),
    ).toEqual({
      count: 3,
      amountMinor: 220_03,
      byFee: [
        { feeCode: "rent", count: 2, amountMinor: 200_03 },
        { feeCode: "management", count: 1, amountMinor: 20_00 },
      ],
    });
    expect(summarisePreview([])).toEqual({ count: 0, amountMinor: 0, byFee: [] });
  });
});

describe("bill filters", () => {
  it("sends only the filters set", () => {
    expect(
      billQuery({
        status: null,
        overdue: false,
        customerId: null,
        periodFrom: null,
        periodTo: null,
      }),
    ).toEqual({});
    expect(
      billQuery({
        status: "open",
        overdue: true,
        customerId: "cus_1",
        periodFrom: "2026-01-01",
        periodTo: "2026-03-31",
      }),
    ).toEqual({
      status: "open",
      overdue: "true",
      customerId: "cus_1",
      periodFrom: "2026-01-01",
      periodTo: "2026-03-31",
    });
  });
});

describe("meter values", () => {
  it("turns kWh / m³ with up to three decimals into thousandths", () => {
    expect(meterValueMilli("1234.5")).toBe(1_234_500);
    expect(meterValueMilli("0")).toBe(0);
    expect(meterValueMilli("12.3456")).toBeNull();
    expect(meterValueMilli("-1")).toBeNull();
    expect(meterValueMilli("abc")).toBeNull();
  });
});
