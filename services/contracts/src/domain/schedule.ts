import { invalid } from "@slms/errors";
import { MAX_AMOUNT_MINOR } from "@slms/primitives/bounds";
import {
  addDays,
  addMonths,
  civilDate,
  compareDates,
  daysInclusive,
  parseCivilDate,
} from "@slms/primitives/civil-date";
import { roundedQuotient } from "@slms/primitives/money";
import { type BillingPeriod, billingPeriods } from "./periods.ts";
import {
  anniversary,
  feePrice,
  isRentFree,
  leaseYear,
  type PriceFactors,
  rentPrice,
} from "./pricing.ts";
import type { CivilDate, LeaseDates, ScheduledCharge, TermsVersion } from "./terms.ts";
import { assertVersions, chargeFrequencies, rentFeeCode, versionAt } from "./versions.ts";

/**
 * The charge schedule of a lease: one line per billing period per charge (`rent` and every
 * recurring fee of any version, each over the periods of its own frequency), sorted by period
 * start, then fee code.
 *
 * Pricing is per day: a period's days are split into segments over which the full-period price
 * is constant (the version in force, the lease year for fixed-percent escalation, steps,
 * rent-free days, which cost 0 for rent only). The amount is
 *
 *     round_half_up( Σ segments (fullPeriodPrice × segmentDays) ÷ fullPeriodDays )
 *
 * computed exactly, one rounding per line. An uncut period with one price therefore bills its
 * full price exactly, whatever its length.
 *
 * - A line is listed when some day of its period is governed by a version that has the charge;
 *   days under versions without it are not charged. Rent is listed for every period, also when
 *   rent-free makes it 0: billing decides whether to skip zero lines; the schedule shows them so
 *   the rent-free months are visible.
 * - `issueDate` and `dueDate` follow the version in force on the period start.
 * - No full-period price may exceed `MAX_AMOUNT_MINOR` (a rent escalated for years, a rate per
 *   m² over a large area): the schedule is refused with a `DomainError` "invalid" naming the
 *   term that causes it (`derivedAmount`), so no line can exceed it either.
 *
 * Throws a plain `Error` if the versions break an invariant (`assertVersions`).
 */
export function buildSchedule(
  dates: LeaseDates,
  versions: readonly TermsVersion[],
): ScheduledCharge[] {
  assertVersions(dates, versions);
  const alignment = versions[0]!.terms.alignment;
  const lines: ScheduledCharge[] = [];
  for (const [feeCode, frequency] of chargeFrequencies(versions)) {
    for (const period of billingPeriods(dates, frequency, alignment)) {
      const line = priceLine(dates.startDate, versions, feeCode, period);
      if (line) lines.push(line);
    }
  }
  return lines.sort(
    (a, b) =>
      compareDates(a.periodStart, b.periodStart) ||
      (a.feeCode < b.feeCode ? -1 : a.feeCode > b.feeCode ? 1 : 0),
  );
}

/** The first date on or after `from` whose day of month is `dueDay` (1–28). */
export function dueDateFrom(from: CivilDate, dueDay: number): CivilDate {
  const { year, month, day } = parseCivilDate(from);
  const sameMonth = civilDate(year, month, dueDay);
  return day <= dueDay ? sameMonth : addMonths(sameMonth, 1);
}

function priceLine(
  leaseStart: CivilDate,
  versions: readonly TermsVersion[],
  feeCode: string,
  period: BillingPeriod,
): ScheduledCharge | undefined {
  const terms: (readonly number[])[] = [];
  const used = new Set<number>();
  let chargedDays = 0;
  for (const segment of segments(leaseStart, versions, period)) {
    const version = versionAt(versions, segment.start);
    const price = derivedAmount(
      () => ({
        field: chargeField(version.terms, feeCode, segment.start),
        what: `the ${feeCode} of a full period from ${segment.start}`,
      }),
      () => dayPrice(leaseStart, version, feeCode, segment.start),
      (factors) => (Array.isArray(factors) ? roundedQuotient([factors], [100]) : 0),
    );
    if (price === undefined) continue;
    used.add(version.version);
    if (price === "free") continue;
    chargedDays += segment.days;
    terms.push([...price, segment.days]);
  }
  if (used.size === 0) return undefined;
  const fullPeriodDays = daysInclusive(period.fullStart, period.fullEnd);
  const opening = versionAt(versions, period.start).terms;
  return {
    feeCode,
    periodStart: period.start,
    periodEnd: period.end,
    amountMinor: terms.length > 0 ? roundedQuotient(terms, [100, fullPeriodDays]) : 0,
    issueDate: addDays(period.start, -opening.billLeadDays),
    dueDate: dueDateFrom(period.start, opening.dueDay),
    chargedDays,
    fullPeriodDays,
    versions: [...used].sort((a, b) => a - b),
  };
}

/** Which term a derived amount comes from, and what that amount is (for the message). */
export interface DerivedFrom {
  /** The term to change, as in `LeaseTerms`: `rent.amountMinor`, `penalty.months`, … */
  field: string;
  /** The amount, in words: `the rent of a full period from 2030-01-01`. */
  what: string;
}

/**
 * `compute()`, a value the terms derive, if its amount (`amountOf`) is at most
 * `MAX_AMOUNT_MINOR`. Otherwise — also when exact arithmetic overflows on the way
 * (`RangeError`) — a `DomainError` "invalid" naming `terms.<field>` (`from()`, only then asked),
 * so no amount the platform stores exceeds the bound.
 */
export function derivedAmount<T>(
  from: () => DerivedFrom,
  compute: () => T,
  amountOf: (value: T) => number,
): T {
  let computed: { value: T; amount: number } | undefined;
  try {
    const value = compute();
    computed = { value, amount: amountOf(value) };
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
  }
  if (computed && computed.amount <= MAX_AMOUNT_MINOR) return computed.value;
  const { field, what } = from();
  const size = computed ? `${computed.amount} minor units,` : "far";
  throw invalid("the terms derive an amount above the limit", [
    {
      field: `terms.${field}`,
      message: `gives ${what} of ${size} more than the limit of ${MAX_AMOUNT_MINOR} minor units`,
    },
  ]);
}

/** The term that sets a charge's price on `date`: the step in force, the rent or the fee. */
function chargeField(terms: TermsVersion["terms"], feeCode: string, date: CivilDate): string {
  if (feeCode !== rentFeeCode)
    return `fees.${terms.fees.findIndex((f) => f.feeCode === feeCode)}.amountMinor`;
  const { escalation, rent } = terms;
  if (escalation.kind === "stepped") {
    const step = escalation.steps.findLastIndex((s) => compareDates(s.from, date) <= 0);
    if (step >= 0) return `escalation.steps.${step}.value`;
  }
  return rent.kind === "per_m2_month" ? "rent.rateMinorPerM2" : "rent.amountMinor";
}

/** What one day costs as a share of the full period; `undefined` if the version lacks the fee. */
function dayPrice(
  leaseStart: CivilDate,
  version: TermsVersion,
  feeCode: string,
  date: CivilDate,
): PriceFactors | "free" | undefined {
  if (feeCode === rentFeeCode) {
    return isRentFree(version.terms, date) ? "free" : rentPrice(leaseStart, version.terms, date);
  }
  const fee = version.terms.fees.find((f) => f.feeCode === feeCode);
  return fee && feePrice(version.terms, fee);
}

/**
 * `period` split at every date where some version could change a price: version dates,
 * rent-free edges, steps and lease anniversaries. Splitting more than needed is harmless.
 */
function segments(
  leaseStart: CivilDate,
  versions: readonly TermsVersion[],
  period: BillingPeriod,
): { start: CivilDate; days: number }[] {
  const cuts = new Set<CivilDate>();
  const consider = (date: CivilDate) => {
    if (compareDates(date, period.start) > 0 && compareDates(date, period.end) <= 0) cuts.add(date);
  };
  for (const v of versions) {
    consider(v.effectiveFrom);
    for (const r of v.terms.rentFree) {
      consider(r.from);
      consider(addDays(r.to, 1));
    }
    if (v.terms.escalation.kind === "stepped") {
      for (const step of v.terms.escalation.steps) consider(step.from);
    }
  }
  for (let year = leaseYear(leaseStart, period.start) + 1; ; year++) {
    const date = anniversary(leaseStart, year);
    if (compareDates(date, period.end) > 0) break;
    consider(date);
  }
  const starts = [period.start, ...[...cuts].sort(compareDates)];
  return starts.map((start, i) => {
    const next = starts[i + 1];
    return { start, days: daysInclusive(start, next ? addDays(next, -1) : period.end) };
  });
}
