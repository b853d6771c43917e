import {
  addDays,
  addMonths,
  compareDates,
  maxDate,
  minDate,
  parseCivilDate,
} from "@slms/primitives/civil-date";
import type { CivilDate, Frequency, LeaseDates, PeriodAlignment } from "./terms.ts";

/**
 * One billing period: the days `start`..`end` it bills (inclusive), and the full period
 * `fullStart`..`fullEnd` it belongs to. They differ only where the lease starts or ends inside
 * the full period; proration divides by the full period's days.
 *
 * @example a monthly calendar lease from 2026-03-15: the first period is 2026-03-15..2026-03-31,
 * its full period 2026-03-01..2026-03-31.
 */
export interface BillingPeriod {
  start: CivilDate;
  end: CivilDate;
  fullStart: CivilDate;
  fullEnd: CivilDate;
}

const months: Record<Frequency, 1 | 3 | 6 | 12> = {
  monthly: 1,
  quarterly: 3,
  semi_annual: 6,
  annual: 12,
};

/** Months in one full period: 1, 3, 6 or 12. */
export function monthsPerPeriod(frequency: Frequency): 1 | 3 | 6 | 12 {
  const n = months[frequency];
  if (n === undefined) throw new Error(`unknown frequency: ${String(frequency)}`);
  return n;
}

/**
 * The full period containing `date`.
 * - `calendar`: periods start on the 1st of a month whose index (Jan = 0) is a multiple of the
 *   period's months, i.e. monthly on every 1st, quarterly Jan/Apr/Jul/Oct, semi-annual Jan/Jul,
 *   annual Jan 1st. `anchor` is ignored.
 * - `lease_start`: periods start on `anchor` + k × months (clamped to month ends, always counted
 *   from `anchor`: Jan 31 → Feb 28/29 → Mar 31), for any whole k, also negative.
 */
export function periodContaining(
  date: CivilDate,
  frequency: Frequency,
  alignment: PeriodAlignment,
  anchor: CivilDate,
): { fullStart: CivilDate; fullEnd: CivilDate } {
  const n = monthsPerPeriod(frequency);
  if (alignment === "calendar") {
    const { year, month } = parseCivilDate(date);
    const firstMonth = Math.floor((month - 1) / n) * n + 1;
    const fullStart = `${String(year).padStart(4, "0")}-${String(firstMonth).padStart(2, "0")}-01`;
    return { fullStart, fullEnd: addDays(addMonths(fullStart, n), -1) };
  }
  if (alignment !== "lease_start") throw new Error(`unknown alignment: ${String(alignment)}`);
  const d = parseCivilDate(date);
  const a = parseCivilDate(anchor);
  // Estimate k from the month difference, then step to the period that really holds `date`.
  let k = Math.floor((d.year * 12 + d.month - (a.year * 12 + a.month)) / n);
  while (compareDates(addMonths(anchor, k * n), date) > 0) k--;
  while (compareDates(addMonths(anchor, (k + 1) * n), date) <= 0) k++;
  return {
    fullStart: addMonths(anchor, k * n),
    fullEnd: addDays(addMonths(anchor, (k + 1) * n), -1),
  };
}

/**
 * The billing periods covering `from`..`to` (inclusive) in order, each cut to that range.
 * For `lease_start` alignment the periods are counted from `anchor` (by default `from`).
 * Empty when `to` is before `from`.
 */
export function periodsBetween(
  from: CivilDate,
  to: CivilDate,
  frequency: Frequency,
  alignment: PeriodAlignment,
  anchor: CivilDate = from,
): BillingPeriod[] {
  const periods: BillingPeriod[] = [];
  let day = from;
  while (compareDates(day, to) <= 0) {
    const { fullStart, fullEnd } = periodContaining(day, frequency, alignment, anchor);
    const period = {
      start: maxDate(fullStart, from),
      end: minDate(fullEnd, to),
      fullStart,
      fullEnd,
    };
    periods.push(period);
    day = addDays(period.end, 1);
  }
  return periods;
}

/**
 * A lease's billing periods, from its start date to its end date. With `calendar` alignment
 * the first and last may be cut; with `lease_start` alignment only the last.
 */
export function billingPeriods(
  dates: LeaseDates,
  frequency: Frequency,
  alignment: PeriodAlignment,
): BillingPeriod[] {
  return periodsBetween(dates.startDate, dates.endDate, frequency, alignment, dates.startDate);
}
