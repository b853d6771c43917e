import { describe, expect, it } from "vitest";
import { calendarMonthOf, waiverNeedsApproval } from "./waiver-approval.ts";

describe("waiverNeedsApproval (threshold 50,000)", () => {
  it.each([
    // amount, on the bill already, customer's month already, needs approval, because
    [50_000, 0, 0, false, null],
    [50_001, 0, 0, true, "bill"],
    [20_000, 30_000, 30_000, false, null],
    [20_001, 30_000, 30_000, true, "bill"],
    [49_999, 49_999, 49_999, true, "bill"],
    [1, 50_000, 50_000, true, "bill"],
    [10_000, 0, 45_000, true, "customer_month"],
    [5_000, 0, 45_000, false, null],
    [1, 0, 50_000, true, "customer_month"],
  ] as const)("%i on %i (month %i) → %s (%s)", (amount, bill, month, needs, because) => {
    expect(
      waiverNeedsApproval(50_000, amount, { billMinor: bill, customerMonthMinor: month }),
    ).toEqual({ needsApproval: needs, because });
  });

  it("splitting never avoids approval: three waivers just under the threshold on one bill", () => {
    let onBill = 0;
    const outcomes = [49_999, 49_999, 49_999].map((amount) => {
      const { needsApproval } = waiverNeedsApproval(50_000, amount, {
        billMinor: onBill,
        customerMonthMinor: onBill,
      });
      onBill += amount; // pending ones count as well as applied ones
      return needsApproval;
    });
    expect(outcomes).toEqual([false, true, true]);
  });
});

describe("calendarMonthOf", () => {
  it.each([
    // instant, zone, from, to
    [
      "2026-03-15T12:00:00Z",
      "Asia/Shanghai",
      "2026-02-28T16:00:00.000Z",
      "2026-03-31T16:00:00.000Z",
    ],
    // 01:00 on 1 April in Shanghai is still 31 March in UTC: April already.
    [
      "2026-03-31T17:00:00Z",
      "Asia/Shanghai",
      "2026-03-31T16:00:00.000Z",
      "2026-04-30T16:00:00.000Z",
    ],
    ["2026-12-31T23:59:59Z", "UTC", "2026-12-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z"],
    // New York changes to summer time in March: the month is an hour shorter.
    [
      "2026-03-10T12:00:00Z",
      "America/New_York",
      "2026-03-01T05:00:00.000Z",
      "2026-04-01T04:00:00.000Z",
    ],
  ])("%s in %s → [%s, %s)", (instant, zone, from, to) => {
    const month = calendarMonthOf(new Date(instant), zone);
    expect([month.from.toISOString(), month.to.toISOString()]).toEqual([from, to]);
  });
});
