import {
  feeCodeMessage,
  feeCodePattern,
  isInRange,
  leaseLimits,
  rangeMessage,
  type WholeRange,
} from "@slms/contracts";
import type { FieldIssue } from "@slms/errors";
import { boundsMessages, isAmountInRange, isDateInRange } from "@slms/primitives/bounds";
import { addDays, addMonths, compareDates } from "@slms/primitives/civil-date";
import { frequencies, type LeaseDates, type LeaseTerms, type RentFreePeriod } from "./terms.ts";
import { rentFeeCode } from "./versions.ts";

const alignments = ["calendar", "lease_start"];
const currencyCode = /^[A-Z]{3}$/;

/**
 * The last day a lease from `startDate` may run to: twenty years (`leaseLimits.termYears`, PRC
 * Civil Code art. 705) less a day, so 2026-01-01 may end on 2045-12-31 at the latest.
 */
export function latestEndDate(startDate: string): string {
  return addDays(addMonths(startDate, 12 * leaseLimits.termYears.max), -1);
}

/**
 * Everything wrong with a lease's dates and terms, each issue naming the field as a REST client
 * sends it (`endDate`, `rent.amountMinor`, `rentFree.1.from`, `fees.0.frequency`, …), in field
 * order. Empty when the terms can be scheduled. Pure: the use-cases turn a non-empty list into
 * a `DomainError`.
 *
 * Every number is a whole number in its range (`leaseLimits` of `@slms/contracts`, amounts
 * 0 … `MAX_AMOUNT_MINOR`), every date in `isDateInRange`, the term at most twenty years: a value
 * outside is refused, never rounded, clamped or wrapped. What the terms derive (a period's
 * escalated rent, a penalty) is checked where it is computed (`schedule.ts`, `termination.ts`).
 */
export function termsIssues(dates: LeaseDates, terms: LeaseTerms): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const check: Check = {
    dates,
    datesOk: false,
    add: (field, message) => issues.push({ field, message }),
  };
  check.datesOk = datesOk(check);
  if (typeof terms.currency !== "string" || !currencyCode.test(terms.currency))
    check.add("currency", "must be an ISO 4217 code like CNY");
  oneOf(check, "frequency", terms.frequency, frequencies);
  oneOf(check, "alignment", terms.alignment, alignments);
  rentOk(check, terms);
  escalationOk(check, terms);
  rentFreeOk(check, terms.rentFree);
  whole(check, "billLeadDays", terms.billLeadDays, leaseLimits.billLeadDays);
  whole(check, "dueDay", terms.dueDay, leaseLimits.dueDay);
  amount(check, "depositMinor", terms.depositMinor);
  feesOk(check, terms);
  const { lateFee } = terms;
  whole(check, "lateFee.graceDays", lateFee.graceDays, leaseLimits.lateFeeGraceDays);
  whole(
    check,
    "lateFee.dailyBasisPoints",
    lateFee.dailyBasisPoints,
    leaseLimits.lateFeeDailyBasisPoints,
  );
  whole(check, "lateFee.capBasisPoints", lateFee.capBasisPoints, leaseLimits.lateFeeCapBasisPoints);
  const { penalty } = terms;
  if (penalty.kind === "months_of_rent") {
    whole(check, "penalty.months", penalty.months, leaseLimits.penaltyMonths);
  } else if (penalty.kind === "fixed") {
    amount(check, "penalty.amountMinor", penalty.amountMinor);
  } else if (penalty.kind !== "none") {
    check.add("penalty.kind", "must be none, months_of_rent or fixed");
  }
  return issues;
}

interface Check {
  dates: LeaseDates;
  /** Both dates valid and in order: checks against the lease range make sense. */
  datesOk: boolean;
  add: (field: string, message: string) => void;
}

function datesOk({ dates, add }: Check): boolean {
  const startOk = isDateInRange(dates.startDate);
  const endOk = isDateInRange(dates.endDate);
  if (!startOk) add("startDate", boundsMessages.date);
  if (!endOk) add("endDate", boundsMessages.date);
  if (!startOk || !endOk) return false;
  if (compareDates(dates.endDate, dates.startDate) < 0) {
    add("endDate", `must be on or after the start date (${dates.startDate})`);
    return false;
  }
  const latest = latestEndDate(dates.startDate);
  if (compareDates(dates.endDate, latest) > 0) {
    add(
      "endDate",
      `must be at most ${leaseLimits.termYears.max} years after the start, by ${latest} (PRC Civil Code art. 705)`,
    );
    return false;
  }
  return true;
}

function rentOk(check: Check, { rent }: LeaseTerms): void {
  if (rent.kind === "per_period") {
    amount(check, "rent.amountMinor", rent.amountMinor);
  } else if (rent.kind === "per_m2_month") {
    amount(check, "rent.rateMinorPerM2", rent.rateMinorPerM2, true);
    whole(check, "rent.areaHundredths", rent.areaHundredths, leaseLimits.areaHundredths);
  } else {
    check.add("rent.kind", "must be per_period or per_m2_month");
  }
}

function escalationOk(check: Check, { escalation, rent }: LeaseTerms): void {
  if (escalation.kind === "none") return;
  if (escalation.kind === "fixed_percent") {
    whole(
      check,
      "escalation.basisPoints",
      escalation.basisPoints,
      leaseLimits.escalationBasisPoints,
    );
    return;
  }
  if (escalation.kind !== "stepped") {
    check.add("escalation.kind", "must be none, fixed_percent or stepped");
    return;
  }
  const { min, max } = leaseLimits.escalationSteps;
  if (escalation.steps.length < min || escalation.steps.length > max) {
    check.add("escalation.steps", `must have ${min} to ${max} steps`);
    return;
  }
  for (const [i, step] of escalation.steps.entries()) {
    const field = `escalation.steps.${i}`;
    // A per-m² step is a rate, which must be positive like the base rate.
    amount(check, `${field}.value`, step.value, rent.kind === "per_m2_month");
    if (!isDateInRange(step.from)) {
      check.add(`${field}.from`, boundsMessages.date);
      continue;
    }
    const previous = escalation.steps[i - 1];
    if (check.datesOk && compareDates(step.from, check.dates.startDate) <= 0) {
      check.add(`${field}.from`, `must be after the lease start (${check.dates.startDate})`);
    } else if (
      withinLease(check, `${field}.from`, step.from) &&
      previous &&
      isDateInRange(previous.from) &&
      compareDates(step.from, previous.from) <= 0
    ) {
      check.add(`${field}.from`, `must be after the previous step (${previous.from})`);
    }
  }
}

function rentFreeOk(check: Check, periods: readonly RentFreePeriod[]): void {
  if (periods.length > leaseLimits.rentFreePeriods.max) {
    check.add("rentFree", `must have at most ${leaseLimits.rentFreePeriods.max} periods`);
    return;
  }
  const wellFormed: { index: number; period: RentFreePeriod }[] = [];
  for (const [index, period] of periods.entries()) {
    const field = `rentFree.${index}`;
    const fromOk = isDateInRange(period.from);
    const toOk = isDateInRange(period.to);
    if (!fromOk) check.add(`${field}.from`, boundsMessages.date);
    if (!toOk) check.add(`${field}.to`, boundsMessages.date);
    if (!fromOk || !toOk) continue;
    if (compareDates(period.to, period.from) < 0) {
      check.add(`${field}.to`, `must be on or after from (${period.from})`);
      continue;
    }
    withinLease(check, `${field}.from`, period.from);
    withinLease(check, `${field}.to`, period.to);
    wellFormed.push({ index, period });
  }
  for (const [i, a] of wellFormed.entries()) {
    for (const b of wellFormed.slice(i + 1)) {
      const overlap =
        compareDates(a.period.from, b.period.to) <= 0 &&
        compareDates(b.period.from, a.period.to) <= 0;
      if (!overlap) continue;
      const [earlier, later] = compareDates(b.period.from, a.period.from) < 0 ? [b, a] : [a, b];
      check.add(
        `rentFree.${later.index}.from`,
        `overlaps rent-free period ${earlier.index} (${earlier.period.from} to ${earlier.period.to})`,
      );
    }
  }
}

function feesOk(check: Check, { fees, rent }: LeaseTerms): void {
  if (fees.length > leaseLimits.fees.max) {
    check.add("fees", `must have at most ${leaseLimits.fees.max} fees`);
    return;
  }
  const codes = new Set<string>();
  for (const [i, fee] of fees.entries()) {
    const field = `fees.${i}`;
    if (typeof fee.feeCode !== "string" || !feeCodePattern.test(fee.feeCode)) {
      check.add(`${field}.feeCode`, feeCodeMessage);
    } else if (fee.feeCode === rentFeeCode) {
      check.add(`${field}.feeCode`, `must not be ${rentFeeCode}: rent is not a recurring fee`);
    } else if (codes.has(fee.feeCode)) {
      check.add(`${field}.feeCode`, `repeats fee ${fee.feeCode}`);
    }
    codes.add(fee.feeCode);
    if (fee.basis === "per_period") {
      amount(check, `${field}.amountMinor`, fee.amountMinor);
    } else if (fee.basis === "per_m2_month") {
      amount(check, `${field}.amountMinor`, fee.amountMinor, true);
      if (fee.areaHundredths === undefined && rent.kind !== "per_m2_month") {
        check.add(`${field}.areaHundredths`, "is required when the rent is not per m²");
      }
    } else {
      check.add(`${field}.basis`, "must be per_period or per_m2_month");
    }
    if (fee.areaHundredths !== undefined) {
      whole(check, `${field}.areaHundredths`, fee.areaHundredths, leaseLimits.areaHundredths);
    }
    if (fee.frequency !== undefined) oneOf(check, `${field}.frequency`, fee.frequency, frequencies);
  }
}

/** Reports `date` outside the lease; true if it is inside or the lease dates are unusable. */
function withinLease(check: Check, field: string, date: string): boolean {
  const { dates } = check;
  if (!check.datesOk) return true;
  if (compareDates(date, dates.startDate) >= 0 && compareDates(date, dates.endDate) <= 0) {
    return true;
  }
  check.add(field, `must be within the lease (${dates.startDate} to ${dates.endDate})`);
  return false;
}

function oneOf(check: Check, field: string, value: string, allowed: readonly string[]): void {
  if (!allowed.includes(value)) check.add(field, `must be one of ${allowed.join(", ")}`);
}

/** Minor units in 0 … MAX_AMOUNT_MINOR (1 … when `positive`, e.g. a rate per m²). */
function amount(check: Check, field: string, value: number, positive = false): void {
  if (!isAmountInRange(value, positive)) {
    check.add(field, positive ? boundsMessages.positiveAmount : boundsMessages.amount);
  }
}

function whole(check: Check, field: string, value: number, range: WholeRange): void {
  if (!isInRange(value, range)) check.add(field, rangeMessage(range));
}
