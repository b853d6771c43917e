import { compareDates } from "@slms/primitives/civil-date";
import type { CivilDate, Frequency, LeaseDates, LeaseTerms, TermsVersion } from "./terms.ts";

/** The fee code of rent in schedules; recurring fees may not use it. */
export const rentFeeCode = "rent";

/**
 * Throws a plain `Error` unless `versions` is a possible history of a lease's terms: at least
 * one; the first effective from the lease start; effective dates strictly increasing and not
 * after the lease end; version numbers increasing; the same currency, frequency and alignment
 * throughout; fee codes unique within a version, never `rent`, and each fee billed at one
 * frequency in every version that has it. Field-level validation of input is `termsIssues`;
 * this only guards the invariants the schedule relies on.
 */
export function assertVersions(dates: LeaseDates, versions: readonly TermsVersion[]): void {
  const first = versions[0];
  if (!first) throw new Error("a lease needs at least one terms version");
  if (compareDates(dates.endDate, dates.startDate) < 0) {
    throw new Error(`lease ends (${dates.endDate}) before it starts (${dates.startDate})`);
  }
  if (first.effectiveFrom !== dates.startDate) {
    throw new Error(
      `the first version is effective from ${first.effectiveFrom}, not the lease start ${dates.startDate}`,
    );
  }
  const feeFrequency = new Map<string, Frequency>();
  let previous: TermsVersion | undefined;
  for (const v of versions) {
    if (previous) {
      if (compareDates(v.effectiveFrom, previous.effectiveFrom) <= 0) {
        throw new Error(`version ${v.version} is not effective after version ${previous.version}`);
      }
      if (v.version <= previous.version) {
        throw new Error(`version ${v.version} follows version ${previous.version}`);
      }
    }
    if (compareDates(v.effectiveFrom, dates.endDate) > 0) {
      throw new Error(`version ${v.version} is effective after the lease end ${dates.endDate}`);
    }
    for (const key of ["currency", "frequency", "alignment"] as const) {
      if (v.terms[key] !== first.terms[key]) {
        throw new Error(`version ${v.version} changes the ${key} of the lease`);
      }
    }
    const codes = new Set<string>();
    for (const fee of v.terms.fees) {
      if (fee.feeCode === rentFeeCode || codes.has(fee.feeCode)) {
        throw new Error(`version ${v.version} has fee code ${fee.feeCode} twice or for rent`);
      }
      codes.add(fee.feeCode);
      const frequency = fee.frequency ?? v.terms.frequency;
      const earlier = feeFrequency.get(fee.feeCode);
      if (earlier !== undefined && earlier !== frequency) {
        throw new Error(`version ${v.version} changes the frequency of fee ${fee.feeCode}`);
      }
      feeFrequency.set(fee.feeCode, frequency);
    }
    previous = v;
  }
}

/** The version in force on `date`: the last one effective on or before it. */
export function versionAt(versions: readonly TermsVersion[], date: CivilDate): TermsVersion {
  let found: TermsVersion | undefined;
  for (const v of versions) {
    if (compareDates(v.effectiveFrom, date) <= 0) found = v;
    else break;
  }
  if (!found) throw new Error(`no terms version is in force on ${date}`);
  return found;
}

/**
 * Every charge a lease's versions bill and its frequency: `rent` at the lease frequency, then
 * each recurring fee (first appearance order) at its own frequency or the lease's.
 */
export function chargeFrequencies(versions: readonly TermsVersion[]): Map<string, Frequency> {
  const result = new Map<string, Frequency>();
  const first = versions[0];
  if (!first) return result;
  result.set(rentFeeCode, first.terms.frequency);
  for (const v of versions) {
    for (const fee of v.terms.fees) {
      if (!result.has(fee.feeCode)) result.set(fee.feeCode, feeFrequency(v.terms, fee.feeCode));
    }
  }
  return result;
}

function feeFrequency(terms: LeaseTerms, feeCode: string): Frequency {
  return terms.fees.find((f) => f.feeCode === feeCode)?.frequency ?? terms.frequency;
}
