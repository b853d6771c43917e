import { describe, expect, it } from "vitest";
import { nextEscalation } from "./escalation.ts";

const lease = { startDate: "2024-02-29", endDate: "2029-02-27" };

describe("nextEscalation", () => {
  it("finds the next anniversary of a fixed percentage, clamped to the month's end", () => {
    const rise = { kind: "fixed_percent", basisPoints: 500 } as const;
    expect(nextEscalation(rise, lease, "2026-06-15")).toEqual({
      date: "2027-02-28",
      kind: "fixed_percent",
      basisPoints: 500,
      valueMinor: null,
    });
    // On the anniversary itself the rise is already in force: the next one is a year on.
    expect(nextEscalation(rise, lease, "2027-02-28")?.date).toBe("2028-02-29");
    // The fifth anniversary (2029-02-28) is after the end: nothing left.
    expect(nextEscalation(rise, lease, "2028-02-29")).toBeNull();
    expect(
      nextEscalation({ kind: "fixed_percent", basisPoints: 0 }, lease, "2026-01-01"),
    ).toBeNull();
  });

  it("finds the next step, whatever order the steps are listed in", () => {
    const steps = {
      kind: "stepped",
      steps: [
        { from: "2027-03-01", value: 130_000 },
        { from: "2026-03-01", value: 120_000 },
        { from: "2030-01-01", value: 999_999 },
      ],
    } as const;
    expect(nextEscalation(steps, lease, "2026-02-28")).toEqual({
      date: "2026-03-01",
      kind: "stepped",
      basisPoints: null,
      valueMinor: 120_000,
    });
    expect(nextEscalation(steps, lease, "2026-03-01")?.date).toBe("2027-03-01");
    // A step after the lease's end never comes.
    expect(nextEscalation(steps, lease, "2027-03-01")).toBeNull();
    expect(nextEscalation({ kind: "none" }, lease, "2026-03-01")).toBeNull();
  });
});
