import { describe, expect, it } from "vitest";
import { assertDerivedAmounts } from "./derived-amounts.ts";
import { lease } from "./terms.fixtures.ts";
import type { LeaseTerms } from "./terms.ts";

const MAX = 100_000_000_000;

const failure = (run: () => void) => {
  try {
    run();
  } catch (error) {
    return error as { kind: string; details: { field: string; message: string }[] };
  }
  throw new Error("expected the terms to be refused");
};

describe("assertDerivedAmounts", () => {
  it.each<[string, string, Partial<LeaseTerms>]>([
    ["a plain lease", "2026-12-31", {}],
    [
      "a penalty of exactly the limit (20 months of a monthly rent of limit ÷ 20)",
      "2026-12-31",
      {
        rent: { kind: "per_period", amountMinor: MAX / 20 },
        penalty: { kind: "months_of_rent", months: 20 },
      },
    ],
    [
      "a rent stepping up on the last day only, where no termination is possible",
      "2026-12-31",
      {
        rent: { kind: "per_period", amountMinor: MAX / 20 },
        escalation: { kind: "stepped", steps: [{ from: "2026-12-31", value: MAX }] },
        penalty: { kind: "months_of_rent", months: 20 },
      },
    ],
  ])("accepts %s", (_name, end, overrides) => {
    const { dates, versions } = lease("2026-01-01", end, overrides);
    expect(() => assertDerivedAmounts(dates, versions)).not.toThrow();
  });

  it.each<[string, string, Partial<LeaseTerms>, string]>([
    [
      "24 months of a rent at the limit",
      "2026-12-31",
      {
        rent: { kind: "per_period", amountMinor: MAX },
        penalty: { kind: "months_of_rent", months: 24 },
      },
      "terms.penalty.months",
    ],
    [
      "a penalty within the limit at the start that escalation pushes over it in lease year 3",
      "2030-12-31",
      {
        rent: { kind: "per_period", amountMinor: 4_000_000_000 },
        escalation: { kind: "fixed_percent", basisPoints: 1000 },
        penalty: { kind: "months_of_rent", months: 24 },
      },
      "terms.penalty.months",
    ],
    [
      "a penalty over the limit only after a step",
      "2026-12-31",
      {
        rent: { kind: "per_period", amountMinor: 1_000_000 },
        escalation: { kind: "stepped", steps: [{ from: "2026-07-01", value: MAX / 2 }] },
        penalty: { kind: "months_of_rent", months: 3 },
      },
      "terms.penalty.months",
    ],
    [
      "a rent over the limit (the schedule refuses it first)",
      "2027-12-31",
      {
        rent: { kind: "per_period", amountMinor: MAX },
        escalation: { kind: "fixed_percent", basisPoints: 100 },
      },
      "terms.rent.amountMinor",
    ],
  ])("refuses %s", (_name, end, overrides, field) => {
    const { dates, versions } = lease("2026-01-01", end, overrides);
    const error = failure(() => assertDerivedAmounts(dates, versions));
    expect(error.kind).toBe("invalid");
    expect(error.details.map((d) => d.field)).toEqual([field]);
  });

  it("checks the version an amendment adds", () => {
    const { dates, versions } = lease("2026-01-01", "2026-12-31");
    const amended = [
      ...versions,
      {
        version: 2,
        effectiveFrom: "2026-07-01",
        terms: {
          ...versions[0]!.terms,
          penalty: { kind: "months_of_rent", months: 24 } as const,
          rent: { kind: "per_period", amountMinor: MAX } as const,
        },
      },
    ];
    expect(failure(() => assertDerivedAmounts(dates, amended)).details[0]!.field).toBe(
      "terms.penalty.months",
    );
  });
});
