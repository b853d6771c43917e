import { addMonths, compareDates, isWithin, parseCivilDate } from "@slms/primitives/civil-date";
import { roundedQuotient } from "@slms/primitives/money";
import { monthsPerPeriod } from "./periods.ts";
import type { CivilDate, LeaseTerms, RecurringFee } from "./terms.ts";

/**
 * The price of one full billing period on a given day, in **hundredths of a minor unit**, kept
 * as factors whose product is the price. A per-m² price (rate × area in hundredths of m² ×
 * months) is exact only in hundredths; keeping the factors unmultiplied lets `money.ts` do the
 * one exact multiply-and-round per period.
 *
 * - `per_period` amount A: `[A, 100]`
 * - `per_m2_month` rate R, area H (hundredths of m²), n months: `[R, H, n]`
 */
export type PriceFactors = readonly number[];

/**
 * The lease year `date` falls in: 0 until the first anniversary of `leaseStart`, 1 from it, …
 * Anniversaries are `leaseStart` + 12k months, clamped (a lease from 2024-02-29 has its first
 * anniversary on 2025-02-28 and its fourth on 2028-02-29).
 */
export function leaseYear(leaseStart: CivilDate, date: CivilDate): number {
  if (compareDates(date, leaseStart) < 0) throw new Error(`${date} is before the lease start`);
  let years = parseCivilDate(date).year - parseCivilDate(leaseStart).year;
  if (compareDates(anniversary(leaseStart, years), date) > 0) years--;
  return years;
}

/** The start of lease year `year` (0 is the lease start). */
export function anniversary(leaseStart: CivilDate, year: number): CivilDate {
  return addMonths(leaseStart, 12 * year);
}

/**
 * The full-period rent on `date` under `terms`, escalated, before rent-free days.
 *
 * Fixed-percent escalation compounds per lease year on the full-period price, rounding half up
 * to a minor unit each year: P₀ is the exact base price (for per-m² rent it may include a
 * fraction of a minor unit), and Pₖ = round_half_up(Pₖ₋₁ × (10000 + bp) ÷ 10000). The base is
 * the `rent` of the version in force, so an amendment restates the year-0 rent and the years
 * still count from the lease start.
 *
 * Stepped escalation: from each step's date its value replaces the base amount (`per_period`)
 * or the rate per m² (`per_m2_month`).
 */
export function rentPrice(leaseStart: CivilDate, terms: LeaseTerms, date: CivilDate): PriceFactors {
  const months = monthsPerPeriod(terms.frequency);
  const { rent, escalation } = terms;
  if (escalation.kind === "stepped") {
    let value: number | undefined;
    for (const step of escalation.steps) {
      if (compareDates(step.from, date) <= 0) value = step.value;
    }
    if (value !== undefined) {
      return rent.kind === "per_period" ? [value, 100] : [value, rent.areaHundredths, months];
    }
  }
  const base: PriceFactors =
    rent.kind === "per_period"
      ? [rent.amountMinor, 100]
      : [rent.rateMinorPerM2, rent.areaHundredths, months];
  if (escalation.kind !== "fixed_percent") return base;
  const years = leaseYear(leaseStart, date);
  if (years === 0) return base;
  const factor = 10000 + escalation.basisPoints;
  let price = roundedQuotient([[...base, factor]], [100, 10000]);
  for (let year = 2; year <= years; year++) price = roundedQuotient([[price, factor]], [10000]);
  return [price, 100];
}

/** Whether `date` is one of `terms`' rent-free days. */
export function isRentFree(terms: LeaseTerms, date: CivilDate): boolean {
  return terms.rentFree.some((r) => isWithin(date, r.from, r.to));
}

/**
 * The full-period price of a recurring fee (no escalation, no rent-free). A `per_m2_month` fee
 * without its own area uses the rent's; with per-period rent that is an error.
 */
export function feePrice(terms: LeaseTerms, fee: RecurringFee): PriceFactors {
  if (fee.basis === "per_period") return [fee.amountMinor, 100];
  const area =
    fee.areaHundredths ??
    (terms.rent.kind === "per_m2_month" ? terms.rent.areaHundredths : undefined);
  if (area === undefined) throw new Error(`fee ${fee.feeCode} is per m² but has no area`);
  return [fee.amountMinor, area, monthsPerPeriod(fee.frequency ?? terms.frequency)];
}

/**
 * The monthly rent on `date` before rent-free days, in minor units: the full-period rent ÷ the
 * period's months, rounded half up once (per-m² rent: rate × area ÷ 100, rounded).
 */
export function monthlyRent(leaseStart: CivilDate, terms: LeaseTerms, date: CivilDate): number {
  const months = monthsPerPeriod(terms.frequency);
  return roundedQuotient([rentPrice(leaseStart, terms, date)], [100, months]);
}
