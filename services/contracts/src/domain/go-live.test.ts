import { describe, expect, it } from "vitest";
import { billedFrom, goLiveOf } from "./go-live.ts";

const line = (periodStart: string) => ({ feeCode: "rent", periodStart });
const schedule = ["2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01"].map(line);
const dates = { startDate: "2026-01-01", endDate: "2026-04-30" };

describe("billedFrom", () => {
  it.each([
    { from: null, starts: ["2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01"] },
    { from: "2026-01-01", starts: ["2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01"] },
    // A period already running at the go-live is the opening balance's.
    { from: "2026-02-15", starts: ["2026-03-01", "2026-04-01"] },
    { from: "2026-03-01", starts: ["2026-03-01", "2026-04-01"] },
    { from: "2026-04-02", starts: [] },
  ])("from $from keeps the periods starting $starts", ({ from, starts }) => {
    expect(billedFrom(schedule, from).map((l) => l.periodStart)).toEqual(starts);
  });
});

describe("goLiveOf", () => {
  it.each([
    { given: null, stored: null },
    { given: "2025-12-01", stored: null },
    { given: "2026-01-01", stored: null },
    { given: "2026-03-15", stored: "2026-03-15" },
    { given: "2026-04-30", stored: "2026-04-30" },
  ])("stores $stored for $given", ({ given, stored }) => {
    expect(goLiveOf(dates, given)).toEqual({ ok: true, billingStartsOn: stored });
  });

  it("refuses a lease that ended before the go-live", () => {
    expect(goLiveOf(dates, "2026-05-01")).toEqual({
      ok: false,
      message: "must not be before billing starts (2026-05-01): an ended lease is not imported",
    });
  });
});
