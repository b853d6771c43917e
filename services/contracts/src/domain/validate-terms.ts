import type { FieldIssue } from "@slms/errors";
import { compareDates, isCivilDate } from "@slms/primitives/civil-date";
import { frequencies, type LeaseDates, type LeaseTerms, type RentFreePeriod } from "./terms.ts";
import { rentFeeCode } from "./versions.ts";

/** The ranges the rules must lie in, inclusive. */
export const termsLimits = {
  billLeadDays: [0, 90],
  dueDay: [1, 28],
  escalationBasisPoints: [0, 5000],
  lateFeeGraceDays: [0, 365],
  lateFeeDailyBasisPoints: [0, 100],
  lateFeeCapBasisPoints: [0, 10000],
  penaltyMonths: [0, 24],
} as const satisfies Record<string, readonly [number, number]>;

const alignments = ["calendar", "lease_start"];
const currencyCode = /^[A-Z]{3}$/;
const dateMessage = "must be a date (YYYY-MM-DD)";

/**
 * Everything wrong with a lease's dates and terms, each issue naming the field as a REST client
 * sends it (`endDate`, `rent.amountMinor`, `rentFree.1.from`, `fees.0.frequency`, …), in field
 * order. Empty when the terms can be scheduled. Pure: the use-cases turn a non-empty list into
 * a `DomainError`.
 */
export function termsIssues(dates: LeaseDates, terms: LeaseTerms): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const check: Check = {
    dates,
    datesOk: false,
    add: (field, message) => issues.push({ field, message }),
  };
  check.datesOk = datesOk(check);
  if (!currencyCode.test(terms.currency))
    check.add("currency", "must be an ISO 4217 code like CNY");
  oneOf(check, "frequency", terms.frequency, frequencies);
  oneOf(check, "alignment", terms.alignment, alignments);
  rentOk(check, terms);
  escalationOk(check, terms);
  rentFreeOk(check, terms.rentFree);
  inRange(check, "billLeadDays", terms.billLeadDays, termsLimits.billLeadDays);
  inRange(check, "dueDay", terms.dueDay, termsLimits.dueDay);
  minor(check, "depositMinor", terms.depositMinor);
  feesOk(check, terms);
  inRange(check, "lateFee.graceDays", terms.lateFee.graceDays, termsLimits.lateFeeGraceDays);
  inRange(
    check,
    "lateFee.dailyBasisPoints",
    terms.lateFee.dailyBasisPoints,
    termsLimits.lateFeeDailyBasisPoints,
  );
  inRange(
    check,
    "lateFee.capBasisPoints",
    terms.lateFee.capBasisPoints,
    termsLimits.lateFeeCapBasisPoints,
  );
  const { penalty } = terms;
  if (penalty.kind === "months_of_rent") {
    inRange(check, "penalty.months", penalty.months, termsLimits.penaltyMonths);
  } else if (penalty.kind === "fixed") {
    minor(check, "penalty.amountMinor", penalty.amountMinor);
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
  const startOk = isCivilDate(dates.startDate);
  const endOk = isCivilDate(dates.endDate);
  if (!startOk) add("startDate", dateMessage);
  if (!endOk) add("endDate", dateMessage);
  if (!startOk || !endOk) return false;
  if (compareDates(dates.endDate, dates.startDate) < 0) {
    add("endDate", `must be on or after the start date (${dates.startDate})`);
    return false;
  }
  return true;
}

function rentOk(check: Check, { rent }: LeaseTerms): void {
  if (rent.kind === "per_period") {
    minor(check, "rent.amountMinor", rent.amountMinor);
  } else if (rent.kind === "per_m2_month") {
    positive(check, "rent.rateMinorPerM2", rent.rateMinorPerM2);
    positive(check, "rent.areaHundredths", rent.areaHundredths);
  } else {
    check.add("rent.kind", "must be per_period or per_m2_month");
  }
}

function escalationOk(check: Check, { escalation, rent }: LeaseTerms): void {
  if (escalation.kind === "none") return;
  if (escalation.kind === "fixed_percent") {
    inRange(
      check,
      "escalation.basisPoints",
      escalation.basisPoints,
      termsLimits.escalationBasisPoints,
    );
    return;
  }
  if (escalation.kind !== "stepped") {
    check.add("escalation.kind", "must be none, fixed_percent or stepped");
    return;
  }
  if (escalation.steps.length === 0) check.add("escalation.steps", "must have at least one step");
  for (const [i, step] of escalation.steps.entries()) {
    const field = `escalation.steps.${i}`;
    // A per-m² step is a rate, which must be positive like the base rate.
    if (rent.kind === "per_m2_month") positive(check, `${field}.value`, step.value);
    else minor(check, `${field}.value`, step.value);
    if (!isCivilDate(step.from)) {
      check.add(`${field}.from`, dateMessage);
      continue;
    }
    const previous = escalation.steps[i - 1];
    if (check.datesOk && compareDates(step.from, check.dates.startDate) <= 0) {
      check.add(`${field}.from`, `must be after the lease start (${check.dates.startDate})`);
    } else if (
      withinLease(check, `${field}.from`, step.from) &&
      previous &&
      isCivilDate(previous.from) &&
      compareDates(step.from, previous.from) <= 0
    ) {
      check.add(`${field}.from`, `must be after the previous step (${previous.from})`);
    }
  }
}

function rentFreeOk(check: Check, periods: readonly RentFreePeriod[]): void {
  const wellFormed: { index: number; period: RentFreePeriod }[] = [];
  for (const [index, period] of periods.entries()) {
    const field = `rentFree.${index}`;
    const fromOk = isCivilDate(period.from);
    const toOk = isCivilDate(period.to);
    if (!fromOk) check.add(`${field}.from`, dateMessage);
    if (!toOk) check.add(`${field}.to`, dateMessage);
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
  const codes = new Set<string>();
  for (const [i, fee] of fees.entries()) {
    const field = `fees.${i}`;
    if (typeof fee.feeCode !== "string" || fee.feeCode.trim() === "") {
      check.add(`${field}.feeCode`, "must not be empty");
    } else if (fee.feeCode === rentFeeCode) {
      check.add(`${field}.feeCode`, `must not be ${rentFeeCode}: rent is not a recurring fee`);
    } else if (codes.has(fee.feeCode)) {
      check.add(`${field}.feeCode`, `repeats fee ${fee.feeCode}`);
    }
    codes.add(fee.feeCode);
    if (fee.basis === "per_period") {
      minor(check, `${field}.amountMinor`, fee.amountMinor);
    } else if (fee.basis === "per_m2_month") {
      positive(check, `${field}.amountMinor`, fee.amountMinor);
      if (fee.areaHundredths === undefined && rent.kind !== "per_m2_month") {
        check.add(`${field}.areaHundredths`, "is required when the rent is not per m²");
      }
    } else {
      check.add(`${field}.basis`, "must be per_period or per_m2_month");
    }
    if (fee.areaHundredths !== undefined) {
      positive(check, `${field}.areaHundredths`, fee.areaHundredths);
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

/** A non-negative safe integer number of minor units. */
function minor(check: Check, field: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    check.add(field, "must be a whole, non-negative number of minor units");
  }
}

function positive(check: Check, field: string, value: number): void {
  if (!Number.isSafeInteger(value) || value <= 0) {
    check.add(field, "must be a positive whole number");
  }
}

function inRange(
  check: Check,
  field: string,
  value: number,
  [min, max]: readonly [number, number],
): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    check.add(field, `must be a whole number from ${min} to ${max}`);
  }
}
