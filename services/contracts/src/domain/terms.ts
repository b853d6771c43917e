/**
 * The terms of a lease, as the contracts domain computes with them. Pure data: no I/O, no
 * framework. Money is integer minor units (fen, cents) of `currency`; dates are civil dates
 * (`YYYY-MM-DD`) in the site's time zone; areas are integer hundredths of a m²; rates in basis
 * points (1 bp = 0.01 %).
 */
import type { CivilDate } from "@slms/primitives/civil-date";

/** Re-exported so the contracts domain names every term type from here. */
export type { CivilDate };

export const frequencies = ["monthly", "quarterly", "semi_annual", "annual"] as const;
/** How often rent and recurring fees are billed: 1, 3, 6 or 12 months per period. */
export type Frequency = (typeof frequencies)[number];

/**
 * Where billing periods start.
 * - `calendar`: on calendar boundaries (monthly: the 1st; quarterly: Jan/Apr/Jul/Oct 1st;
 *   semi-annual: Jan/Jul 1st; annual: Jan 1st). The first and last periods may be partial.
 * - `lease_start`: on the lease start date and every `months` after it (same day of month,
 *   clamped to the month's end, e.g. Jan 31 → Feb 28/29 → Mar 31). Only the last may be partial.
 */
export type PeriodAlignment = "calendar" | "lease_start";

/** The rent before escalation and rent-free days. */
export type RentTerm =
  /** A fixed amount for one full billing period. */
  | { kind: "per_period"; amountMinor: number }
  /** A monthly rate per m² of `areaHundredths` (the leased area); a full period is rate × area × months. */
  | { kind: "per_m2_month"; rateMinorPerM2: number; areaHundredths: number };

/** How rent grows over the lease. */
export type Escalation =
  | { kind: "none" }
  /**
   * Fixed percentage per lease year, compounding: in lease year k (k = 0 for the first year,
   * counted from the lease start date) the rent is the previous year's rent × (1 + bp/10000),
   * rounded half up to minor units each year.
   *
   * Applied to the full-period price; year 0 is the exact base (a per-m² price may carry a
   * fraction of a minor unit until year 1). The base is the `rent` of the version in force, so
   * an amendment restates the year-0 rent while the years still count from the lease start.
   */
  | { kind: "fixed_percent"; basisPoints: number }
  /**
   * A stepped schedule: from each step's date the rent is that step's value (an amount per
   * period for `per_period` rent, a rate per m² per month for `per_m2_month` rent). Steps are in
   * date order, strictly after the lease start; before the first step the base rent applies.
   */
  | { kind: "stepped"; steps: readonly { from: CivilDate; value: number }[] };

/** Days on which no rent is charged (recurring fees still are). Inclusive, non-overlapping. */
export interface RentFreePeriod {
  from: CivilDate;
  to: CivilDate;
}

/** An extra recurring charge beside rent, e.g. management fee per m², parking. */
export interface RecurringFee {
  /** Fee item code in the billing catalogue: `management`, `parking`, … */
  feeCode: string;
  basis: "per_period" | "per_m2_month";
  /** Amount per full period (`per_period`) or rate per m² per month (`per_m2_month`). */
  amountMinor: number;
  /** For `per_m2_month`; defaults to the rent's area when absent. */
  areaHundredths?: number;
  /** Defaults to the lease's frequency. */
  frequency?: Frequency;
}

/** Late-fee rule, applied by billing: after `graceDays` past due, `dailyBasisPoints` of the unpaid amount per day, capped at `capBasisPoints` of the bill. */
export interface LateFeeRule {
  graceDays: number;
  dailyBasisPoints: number;
  capBasisPoints: number;
}

/** What ending the lease early costs the tenant. */
export type TerminationPenalty =
  | { kind: "none" }
  /** `months` × the monthly rent in effect on the termination date (before rent-free). */
  | { kind: "months_of_rent"; months: number }
  | { kind: "fixed"; amountMinor: number };

/** The money terms of one version of a lease. */
export interface LeaseTerms {
  currency: string;
  frequency: Frequency;
  alignment: PeriodAlignment;
  rent: RentTerm;
  escalation: Escalation;
  rentFree: readonly RentFreePeriod[];
  /** Bills are issued this many days before their period starts (0–90). */
  billLeadDays: number;
  /** Day of month (1–28) bills are due: the first such day on or after the period start. */
  dueDay: number;
  depositMinor: number;
  fees: readonly RecurringFee[];
  lateFee: LateFeeRule;
  penalty: TerminationPenalty;
}

/**
 * A version of the lease terms, in force from `effectiveFrom` until the next version's
 * `effectiveFrom`. Version 1 is effective from the lease start. An amendment adds a version;
 * days before its date keep the earlier terms (periods already billed never change).
 * `frequency`, `alignment` and `currency` cannot change between versions.
 */
export interface TermsVersion {
  version: number;
  effectiveFrom: CivilDate;
  terms: LeaseTerms;
}

/** One line of the schedule: what one billing period charges for one fee. */
export interface ScheduledCharge {
  /** `rent` or the recurring fee's code. */
  feeCode: string;
  periodStart: CivilDate;
  /** Inclusive. */
  periodEnd: CivilDate;
  amountMinor: number;
  /** `periodStart` − `billLeadDays`. */
  issueDate: CivilDate;
  dueDate: CivilDate;
  /**
   * Days charged (period days minus rent-free days, for rent; for a fee, the period days under
   * versions that have it).
   */
  chargedDays: number;
  /** Days of the full period this one is part of (its length had it not been cut short). */
  fullPeriodDays: number;
  /** Versions whose terms priced some day of this period. */
  versions: number[];
}

/** Lease dates: inclusive start and end. */
export interface LeaseDates {
  startDate: CivilDate;
  endDate: CivilDate;
}
