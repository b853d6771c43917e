import { compareDates } from "@slms/primitives/civil-date";
import { anniversary } from "./pricing.ts";
import { buildSchedule } from "./schedule.ts";
import { penaltyFor } from "./termination.ts";
import type { CivilDate, LeaseDates, ScheduledCharge, TermsVersion } from "./terms.ts";

/**
 * Refuses terms whose derived amounts exceed `MAX_AMOUNT_MINOR`, before anything is stored:
 * every full-period price of the schedule (`buildSchedule`) and the termination penalty on every
 * day the monthly rent can change — version dates, lease anniversaries (escalation), steps — so
 * on any termination date (the rent is constant between those days). Throws the `DomainError`
 * "invalid" of `derivedAmount`, naming the term (`terms.rent.amountMinor`, `terms.penalty.months`…).
 * Returns the schedule it checked, for a caller that needs it too.
 */
export function assertDerivedAmounts(
  dates: LeaseDates,
  versions: readonly TermsVersion[],
): ScheduledCharge[] {
  const schedule = buildSchedule(dates, versions);
  for (const date of rentChangeDates(dates, versions)) penaltyFor(versions, date);
  return schedule;
}

/** The days a lease may be terminated on where the monthly rent may differ from the day before. */
function rentChangeDates(dates: LeaseDates, versions: readonly TermsVersion[]): CivilDate[] {
  const days = new Set<CivilDate>([dates.startDate]);
  for (const version of versions) {
    days.add(version.effectiveFrom);
    const { escalation } = version.terms;
    if (escalation.kind === "stepped") for (const step of escalation.steps) days.add(step.from);
  }
  for (let year = 1; ; year++) {
    const day = anniversary(dates.startDate, year);
    if (compareDates(day, dates.endDate) >= 0) break;
    days.add(day);
  }
  // A lease ends by termination strictly before its end date.
  return [...days].filter(
    (day) => compareDates(day, dates.startDate) >= 0 && compareDates(day, dates.endDate) < 0,
  );
}
