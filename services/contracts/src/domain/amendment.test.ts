import { DomainError } from "@slms/errors";
import { compareDates } from "@slms/primitives/civil-date";
import { describe, expect, it } from "vitest";
import { applyAmendment, linesEndingBefore } from "./amendment.ts";
import { buildSchedule } from "./schedule.ts";
import { generatedLease, lease, lines, random, terms } from "./terms.fixtures.ts";
import type { LeaseTerms } from "./terms.ts";

describe("applyAmendment", () => {
  it("prices days before the amendment at the old rent and after at the new one", () => {
    const { dates, versions } = lease("2026-01-01", "2026-12-31");
    const amended = applyAmendment(
      dates,
      versions,
      "2026-06-11",
      terms({ rent: { kind: "per_period", amountMinor: 1_200_000 } }),
    );
    expect(amended.map((v) => [v.version, v.effectiveFrom])).toEqual([
      [1, "2026-01-01"],
      [2, "2026-06-11"],
    ]);
    const before = buildSchedule(dates, versions);
    const after = buildSchedule(dates, amended);
    expect(lines(after).slice(4, 7)).toEqual([
      ["2026-05-01", "2026-05-31", 1_000_000],
      ["2026-06-01", "2026-06-30", 1_133_333], // (10 × 1 000 000 + 20 × 1 200 000) / 30
      ["2026-07-01", "2026-07-31", 1_200_000],
    ]);
    expect(after[5]).toMatchObject({ chargedDays: 30, versions: [1, 2] });
    expect(after[6]).toMatchObject({ versions: [2] });
    // January to May were possibly billed: identical, line for line.
    expect(linesEndingBefore(after, "2026-06-11")).toEqual(linesEndingBefore(before, "2026-06-11"));
    expect(linesEndingBefore(after, "2026-06-11")).toHaveLength(5);
  });

  it("splits a quarter by days: 40 at the old rent, 51 at the new", () => {
    const { dates, versions } = lease("2026-01-01", "2026-12-31", {
      frequency: "quarterly",
      rent: { kind: "per_period", amountMinor: 3_000_000 },
    });
    const amended = applyAmendment(
      dates,
      versions,
      "2026-05-11",
      terms({ frequency: "quarterly", rent: { kind: "per_period", amountMinor: 3_300_000 } }),
    );
    expect(lines(buildSchedule(dates, amended))).toEqual([
      ["2026-01-01", "2026-03-31", 3_000_000],
      ["2026-04-01", "2026-06-30", 3_168_132], // (40 × 3 000 000 + 51 × 3 300 000) / 91 = 3 168 131.87
      ["2026-07-01", "2026-09-30", 3_300_000],
      ["2026-10-01", "2026-12-31", 3_300_000],
    ]);
  });

  it("rounds a straddled period once: an amendment that keeps the rent keeps the amount", () => {
    // Half of April each at 1 000.01 CNY would round to 500.01 + 500.01 = 1 000.02.
    const rent = { kind: "per_period", amountMinor: 100_001 } as const;
    const { dates, versions } = lease("2026-04-01", "2026-05-31", { rent });
    const amended = applyAmendment(dates, versions, "2026-04-16", terms({ rent, dueDay: 20 }));
    expect(buildSchedule(dates, amended)[0]).toMatchObject({
      amountMinor: 100_001,
      versions: [1, 2],
      dueDate: "2026-04-05", // the version in force on the period start sets the dates
    });
    expect(buildSchedule(dates, amended)[1]).toMatchObject({ dueDate: "2026-05-20" });
  });

  it("takes issue and due dates of a period from the version in force on its start", () => {
    const { dates, versions } = lease("2026-01-01", "2026-12-31");
    const amended = applyAmendment(
      dates,
      versions,
      "2026-06-11",
      terms({ billLeadDays: 30, dueDay: 10 }),
    );
    const schedule = buildSchedule(dates, amended);
    expect(schedule[5]).toMatchObject({ issueDate: "2026-05-17", dueDate: "2026-06-05" });
    expect(schedule[6]).toMatchObject({ issueDate: "2026-06-01", dueDate: "2026-07-10" });
  });

  it("numbers versions after the latest", () => {
    const { dates, versions } = lease("2026-01-01", "2026-12-31");
    const twice = applyAmendment(
      dates,
      applyAmendment(dates, versions, "2026-03-01", terms()),
      "2026-12-31",
      terms(),
    );
    expect(twice.map((v) => v.version)).toEqual([1, 2, 3]);
  });

  const monthly = lease("2026-01-01", "2026-12-31", {
    fees: [{ feeCode: "parking", basis: "per_period", amountMinor: 30_000 }],
  });
  const withV2 = {
    ...monthly,
    versions: applyAmendment(monthly.dates, monthly.versions, "2026-06-11", terms()),
  };

  it.each<[string, string, Partial<LeaseTerms>, string, RegExp]>([
    ["on the latest version's date", "2026-06-11", {}, "effectiveFrom", /after 2026-06-11/],
    ["before the latest version's date", "2026-03-01", {}, "effectiveFrom", /after 2026-06-11/],
    ["after the lease end", "2027-01-01", {}, "effectiveFrom", /within the lease/],
    ["not a date", "2026-13-01", {}, "effectiveFrom", /YYYY-MM-DD/],
    ["changing the frequency", "2026-08-01", { frequency: "quarterly" }, "frequency", /monthly/],
    ["changing the alignment", "2026-08-01", { alignment: "lease_start" }, "alignment", /calendar/],
    ["changing the currency", "2026-08-01", { currency: "USD" }, "currency", /CNY/],
    [
      "changing a fee's frequency",
      "2026-08-01",
      { fees: [{ feeCode: "parking", basis: "per_period", amountMinor: 1, frequency: "annual" }] },
      "fees.0.frequency",
      /parking is billed monthly/,
    ],
  ])("rejects an amendment %s", (_name, effectiveFrom, overrides, field, message) => {
    const attempt = () =>
      applyAmendment(withV2.dates, withV2.versions, effectiveFrom, terms(overrides));
    expect(attempt).toThrow(DomainError);
    try {
      attempt();
    } catch (error) {
      expect(error).toMatchObject({ kind: "invalid" });
      const details = (error as DomainError).details;
      expect(details.map((d) => d.field)).toEqual([field]);
      expect(details[0]?.message).toMatch(message);
    }
  });
});

describe("applyAmendment never changes a period that ended before it", () => {
  // Generated leases with up to 4 versions: the last is re-applied with applyAmendment to the
  // others. Periods ending before its date must be identical, line for line; periods starting
  // on or after it are priced by it alone.
  const rng = random(1105);
  const cases = Array.from({ length: 300 }, () =>
    generatedLease(rng, { escalation: true, rentFree: true, fees: true, amendments: 4 }),
  ).filter((l) => l.versions.length > 1);

  it("has enough cases", () => {
    expect(cases.length).toBeGreaterThan(200);
  });

  it.each(cases.map((l, i) => [i, l] as const))("lease %i", (_i, { dates, versions }) => {
    const latest = versions.at(-1)!;
    const earlier = versions.slice(0, -1);
    const amended = applyAmendment(dates, earlier, latest.effectiveFrom, latest.terms);
    expect(amended).toEqual(versions);

    const before = buildSchedule(dates, earlier);
    const after = buildSchedule(dates, amended);
    const kept = linesEndingBefore(before, latest.effectiveFrom);
    expect(linesEndingBefore(after, latest.effectiveFrom)).toEqual(kept);
    for (const line of after) {
      if (compareDates(line.periodStart, latest.effectiveFrom) >= 0) {
        expect(line.versions).toEqual([latest.version]);
      }
    }
  });
});
