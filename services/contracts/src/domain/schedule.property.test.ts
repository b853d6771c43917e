/**
 * Properties of `buildSchedule` over a few hundred pseudo-random leases (fixed seeds, so every
 * run checks the same cases and a failure names its lease).
 */

import { compareDates, daysInclusive, eachDay } from "@slms/primitives/civil-date";
import { roundedQuotient } from "@slms/primitives/money";
import { describe, expect, it } from "vitest";
import { monthsPerPeriod } from "./periods.ts";
import { feePrice, isRentFree, rentPrice } from "./pricing.ts";
import { buildSchedule } from "./schedule.ts";
import { generatedLease, random } from "./terms.fixtures.ts";
import type { LeaseDates, ScheduledCharge, TermsVersion } from "./terms.ts";
import { termsIssues } from "./validate-terms.ts";
import { versionAt } from "./versions.ts";

/** round_half_up(n ÷ d) for n ≥ 0, d > 0, written independently of money.ts. */
const roundHalfUp = (n: bigint, d: bigint) => (2n * n + d) / (2n * d);

describe("rent without escalation or rent-free: exact invariants", () => {
  // For a single-version lease at full-period price P (in hundredths of a fen: A × 100 for
  // per-period rent A, R × H × months for per-m² rent):
  //   1. an uncut period bills round(P / 100) — its full price, exactly, whatever its length;
  //   2. a cut period of d of F days bills round(P × d / (100 × F));
  //   3. hence the lease total is  k × round(P/100) + Σ_cut round(P × dᵢ / (100 Fᵢ)),  and for
  //      per-period rent it lies within (number of cut periods) / 2 fen of the exact pro-rata
  //      total P/100 × (k + Σ dᵢ/Fᵢ). Calendar leases have at most 2 cut periods (first and
  //      last), lease_start leases at most 1 (the last).
  const rng = random(7);
  const leases = Array.from({ length: 300 }, () => generatedLease(rng));

  it.each(leases.map((l, i) => [i, l] as const))("lease %i", (_i, { dates, versions }) => {
    const terms = versions[0]!.terms;
    expect(termsIssues(dates, terms)).toEqual([]);
    const schedule = buildSchedule(dates, versions);
    const months = BigInt(monthsPerPeriod(terms.frequency));
    const price =
      terms.rent.kind === "per_period"
        ? BigInt(terms.rent.amountMinor) * 100n
        : BigInt(terms.rent.rateMinorPerM2) * BigInt(terms.rent.areaHundredths) * months;

    let expectedTotal = 0n;
    let cut = 0;
    // Σ dᵢ/Fᵢ over cut periods as an exact fraction num/den
    let num = 0n;
    let den = 1n;
    for (const line of schedule) {
      const days = BigInt(daysInclusive(line.periodStart, line.periodEnd));
      const full = BigInt(line.fullPeriodDays);
      expect(line.chargedDays).toBe(Number(days));
      if (days === full) {
        expect(BigInt(line.amountMinor)).toBe(roundHalfUp(price, 100n));
      } else {
        cut++;
        expect(BigInt(line.amountMinor)).toBe(roundHalfUp(price * days, 100n * full));
        num = num * full + days * den;
        den *= full;
      }
      expectedTotal += BigInt(line.amountMinor);
    }
    const total = BigInt(schedule.reduce((sum, l) => sum + l.amountMinor, 0));
    expect(total).toBe(expectedTotal);
    expect(cut).toBeLessThanOrEqual(terms.alignment === "calendar" ? 2 : 1);
    expect(schedule.reduce((sum, l) => sum + l.chargedDays, 0)).toBe(
      daysInclusive(dates.startDate, dates.endDate),
    );

    if (terms.rent.kind === "per_period") {
      const whole = BigInt(schedule.length - cut);
      // |total − A × (whole + num/den)| ≤ cut/2, multiplied through by 2 × den
      const exactTimesDen = BigInt(terms.rent.amountMinor) * (whole * den + num);
      const error = 2n * (total * den - exactTimesDen);
      expect(error <= BigInt(cut) * den && -error <= BigInt(cut) * den).toBe(true);
    }
  });
});

/**
 * The reference: price every day on its own (version in force, escalation, steps, rent-free,
 * fee present) and round the sum once. `buildSchedule` splits periods into segments instead;
 * the two must agree to the fen.
 */
function dayByDay(
  dates: LeaseDates,
  versions: readonly TermsVersion[],
  line: ScheduledCharge,
): number {
  const terms: (readonly number[])[] = [];
  for (const day of eachDay(line.periodStart, line.periodEnd)) {
    const { terms: t } = versionAt(versions, day);
    if (line.feeCode === "rent") {
      if (!isRentFree(t, day)) terms.push(rentPrice(dates.startDate, t, day));
    } else {
      const fee = t.fees.find((f) => f.feeCode === line.feeCode);
      if (fee) terms.push(feePrice(t, fee));
    }
  }
  return roundedQuotient(terms, [100, line.fullPeriodDays]);
}

describe("every feature at once: segments agree with day-by-day pricing", () => {
  const rng = random(20260401);
  const leases = Array.from({ length: 300 }, () =>
    generatedLease(rng, { escalation: true, rentFree: true, fees: true, amendments: 3 }),
  );

  it.each(leases.map((l, i) => [i, l] as const))("lease %i", (_i, { dates, versions }) => {
    for (const v of versions) expect(termsIssues(dates, v.terms)).toEqual([]);
    const schedule = buildSchedule(dates, versions);

    for (const [i, line] of schedule.entries()) {
      expect(line.amountMinor, `${line.feeCode} ${line.periodStart}`).toBe(
        dayByDay(dates, versions, line),
      );
      const next = schedule[i + 1];
      if (next) {
        const order =
          compareDates(line.periodStart, next.periodStart) ||
          (line.feeCode < next.feeCode ? -1 : 1);
        expect(order).toBe(-1);
      }
    }
    // Rent is listed for every period of the lease, rent-free or not, back to back.
    const rent = schedule.filter((l) => l.feeCode === "rent");
    expect(rent[0]?.periodStart).toBe(dates.startDate);
    expect(rent.at(-1)?.periodEnd).toBe(dates.endDate);
    const freeDays = [...eachDay(dates.startDate, dates.endDate)].filter((day) =>
      isRentFree(versionAt(versions, day).terms, day),
    ).length;
    expect(rent.reduce((sum, l) => sum + l.chargedDays, 0)).toBe(
      daysInclusive(dates.startDate, dates.endDate) - freeDays,
    );
  });
});
