import { describe, expect, it } from "vitest";
import { terms } from "./terms.fixtures.ts";
import type { LeaseDates, TermsVersion } from "./terms.ts";
import { assertVersions, chargeFrequencies, versionAt } from "./versions.ts";

const dates: LeaseDates = { startDate: "2026-01-01", endDate: "2026-12-31" };
const v1: TermsVersion = { version: 1, effectiveFrom: "2026-01-01", terms: terms() };
const v2: TermsVersion = {
  version: 2,
  effectiveFrom: "2026-06-11",
  terms: terms({ rent: { kind: "per_period", amountMinor: 1_200_000 } }),
};
const parking = { feeCode: "parking", basis: "per_period", amountMinor: 30_000 } as const;

describe("assertVersions", () => {
  it("accepts a lease's history", () => {
    expect(() => assertVersions(dates, [v1])).not.toThrow();
    expect(() => assertVersions(dates, [v1, v2])).not.toThrow();
    expect(() =>
      assertVersions({ startDate: "2026-01-01", endDate: "2026-01-01" }, [v1]),
    ).not.toThrow();
  });

  it.each<[string, LeaseDates, TermsVersion[], RegExp]>([
    ["no versions", dates, [], /at least one/],
    [
      "end before start",
      { startDate: "2026-01-01", endDate: "2025-12-31" },
      [v1],
      /before it starts/,
    ],
    [
      "first not at the lease start",
      dates,
      [{ ...v1, effectiveFrom: "2026-01-02" }],
      /not the lease start/,
    ],
    [
      "versions out of date order",
      dates,
      [v1, v2, { ...v2, version: 3, effectiveFrom: "2026-03-01" }],
      /not effective after/,
    ],
    ["two versions on one date", dates, [v1, v2, { ...v2, version: 3 }], /not effective after/],
    ["version numbers not increasing", dates, [v1, { ...v2, version: 1 }], /follows version 1/],
    [
      "a version after the lease end",
      dates,
      [v1, { ...v2, effectiveFrom: "2027-01-01" }],
      /after the lease end/,
    ],
    [
      "a changed frequency",
      dates,
      [v1, { ...v2, terms: terms({ frequency: "quarterly" }) }],
      /changes the frequency/,
    ],
    [
      "a changed alignment",
      dates,
      [v1, { ...v2, terms: terms({ alignment: "lease_start" }) }],
      /changes the alignment/,
    ],
    [
      "a changed currency",
      dates,
      [v1, { ...v2, terms: terms({ currency: "USD" }) }],
      /changes the currency/,
    ],
    [
      "a fee code twice",
      dates,
      [{ ...v1, terms: terms({ fees: [parking, parking] }) }],
      /parking twice/,
    ],
    [
      "a fee named rent",
      dates,
      [{ ...v1, terms: terms({ fees: [{ ...parking, feeCode: "rent" }] }) }],
      /rent twice or for rent/,
    ],
    [
      "a fee's frequency changed",
      dates,
      [
        { ...v1, terms: terms({ fees: [parking] }) },
        { ...v2, terms: terms({ fees: [{ ...parking, frequency: "quarterly" }] }) },
      ],
      /frequency of fee parking/,
    ],
  ])("refuses %s", (_name, d, versions, message) => {
    expect(() => assertVersions(d, versions)).toThrow(message);
  });
});

describe("versionAt", () => {
  it.each([
    ["2026-01-01", 1],
    ["2026-06-10", 1],
    ["2026-06-11", 2],
    ["2026-12-31", 2],
  ])("on %s version %i is in force", (date, version) => {
    expect(versionAt([v1, v2], date).version).toBe(version);
  });

  it("throws before the first version", () => {
    expect(() => versionAt([v1, v2], "2025-12-31")).toThrow(/no terms version/);
  });
});

describe("chargeFrequencies", () => {
  it("lists rent, then each fee at its own frequency or the lease's", () => {
    const management = {
      feeCode: "management",
      basis: "per_m2_month",
      amountMinor: 1200,
      areaHundredths: 8550,
      frequency: "quarterly",
    } as const;
    const versions = [
      { ...v1, terms: terms({ fees: [management] }) },
      { ...v2, terms: terms({ fees: [parking, management] }) },
    ];
    expect([...chargeFrequencies(versions)]).toEqual([
      ["rent", "monthly"],
      ["management", "quarterly"],
      ["parking", "monthly"],
    ]);
  });
});
