import type { FieldIssue } from "@slms/errors";
import { invalid } from "@slms/errors";
import { compareDates, isCivilDate } from "@slms/primitives/civil-date";
import { buildSchedule } from "./schedule.ts";
import type { CivilDate, LeaseDates, LeaseTerms, ScheduledCharge, TermsVersion } from "./terms.ts";

/**
 * The lease's versions with `newTerms` added as the next version, in force from
 * `effectiveFrom`. Days before it keep their terms.
 *
 * Rejects (`DomainError` "invalid", naming the field) an `effectiveFrom` on or before the
 * latest version's (an amendment takes effect strictly after the last one; a change from the
 * lease start is an edit of the draft, not an amendment) or after the lease end, and terms
 * that change the currency, frequency or alignment, or a fee's frequency. The terms themselves
 * are checked by `termsIssues`, which the caller runs first.
 *
 * As a safety net it rebuilds the schedule and throws a plain `Error` if any line of a period
 * ending before `effectiveFrom` would change: those periods may be billed already.
 */
export function applyAmendment(
  dates: LeaseDates,
  versions: readonly TermsVersion[],
  effectiveFrom: CivilDate,
  newTerms: LeaseTerms,
): TermsVersion[] {
  const latest = versions.at(-1);
  if (!latest) throw new Error("a lease needs at least one terms version");
  const issues = amendmentIssues(dates, versions, latest, effectiveFrom, newTerms);
  if (issues.length > 0) throw invalid("the amendment cannot be applied", issues);

  const next = [
    ...versions,
    { version: latest.version + 1, effectiveFrom, terms: newTerms },
  ] satisfies TermsVersion[];
  const before = linesEndingBefore(buildSchedule(dates, versions), effectiveFrom);
  const after = linesEndingBefore(buildSchedule(dates, next), effectiveFrom);
  if (JSON.stringify(before) !== JSON.stringify(after)) {
    throw new Error(`the amendment from ${effectiveFrom} changes periods that ended before it`);
  }
  return next;
}

/** The schedule lines whose period ends before `date`: what an amendment from `date` must keep. */
export function linesEndingBefore(
  schedule: readonly ScheduledCharge[],
  date: CivilDate,
): ScheduledCharge[] {
  return schedule.filter((line) => compareDates(line.periodEnd, date) < 0);
}

function amendmentIssues(
  dates: LeaseDates,
  versions: readonly TermsVersion[],
  latest: TermsVersion,
  effectiveFrom: CivilDate,
  newTerms: LeaseTerms,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!isCivilDate(effectiveFrom)) {
    issues.push({ field: "effectiveFrom", message: "must be a date (YYYY-MM-DD)" });
  } else if (compareDates(effectiveFrom, latest.effectiveFrom) <= 0) {
    issues.push({
      field: "effectiveFrom",
      message: `must be after ${latest.effectiveFrom}, when version ${latest.version} took effect`,
    });
  } else if (compareDates(effectiveFrom, dates.endDate) > 0) {
    issues.push({
      field: "effectiveFrom",
      message: `must be within the lease (${dates.startDate} to ${dates.endDate})`,
    });
  }
  for (const key of ["currency", "frequency", "alignment"] as const) {
    if (newTerms[key] !== latest.terms[key]) {
      issues.push({ field: key, message: `cannot change during the lease (${latest.terms[key]})` });
    }
  }
  newTerms.fees.forEach((fee, i) => {
    const frequency = fee.frequency ?? newTerms.frequency;
    for (const v of versions) {
      const earlier = v.terms.fees.find((f) => f.feeCode === fee.feeCode);
      const earlierFrequency = earlier && (earlier.frequency ?? v.terms.frequency);
      if (earlierFrequency !== undefined && earlierFrequency !== frequency) {
        issues.push({
          field: `fees.${i}.frequency`,
          message: `cannot change during the lease (${fee.feeCode} is billed ${earlierFrequency})`,
        });
        return;
      }
    }
  });
  return issues;
}
