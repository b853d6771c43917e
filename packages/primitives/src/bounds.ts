/**
 * The ranges every edge accepts, so that no value the platform stores can overflow a sum, wrap
 * on the wire, or make a schedule run for millennia.
 *
 * - **Amounts** are integer minor units up to {@link MAX_AMOUNT_MINOR} (10¹¹ fen = ¥1,000,000,000
 *   in one bill, payment or rent). Amounts are JavaScript numbers, exact only below 2⁵³ ≈ 9·10¹⁵,
 *   so any 90,000 of them still add up exactly — far more than one customer's ledger holds.
 *   Every amount the platform derives (a period's rent, a late fee, a settlement) is checked
 *   against the same bound, so stored amounts never exceed it either.
 * - **Civil dates** (periods, lease dates, due dates) lie in {@link EARLIEST_DATE} …
 *   {@link LATEST_DATE}; timestamps (when money was received) in the same years, UTC.
 *
 * @example isAmountInRange(650_000) // true; isAmountInRange(2 ** 53 + 1) // false
 */

import { isCivilDate } from "./civil-date.ts";

/** The largest amount accepted anywhere, in minor units: 10¹¹ (¥1,000,000,000.00). */
export const MAX_AMOUNT_MINOR = 100_000_000_000;
/** The first civil date accepted anywhere. */
export const EARLIEST_DATE = "2000-01-01";
/** The last civil date accepted anywhere. */
export const LATEST_DATE = "2099-12-31";
/** The first instant accepted anywhere: 2000-01-01T00:00:00Z. */
export const EARLIEST_INSTANT_MS = Date.UTC(2000, 0, 1);
/** The end of the last day accepted anywhere: 2100-01-01T00:00:00Z (exclusive). */
export const END_OF_LATEST_INSTANT_MS = Date.UTC(2100, 0, 1);

/** A safe integer in 0 … MAX_AMOUNT_MINOR (or 1 … when `positive`). */
export function isAmountInRange(value: unknown, positive = false): value is number {
  return (
    typeof value === "number" &&
    Number.isSafeInteger(value) &&
    value >= (positive ? 1 : 0) &&
    value <= MAX_AMOUNT_MINOR
  );
}

/** A well-formed, existing civil date in EARLIEST_DATE … LATEST_DATE. */
export function isDateInRange(value: unknown): value is string {
  return isCivilDate(value) && value >= EARLIEST_DATE && value <= LATEST_DATE;
}

/** An instant (epoch milliseconds) in the accepted years. */
export function isInstantInRange(epochMs: number): boolean {
  return (
    Number.isFinite(epochMs) && epochMs >= EARLIEST_INSTANT_MS && epochMs < END_OF_LATEST_INSTANT_MS
  );
}

/** What the edges say about a value out of these ranges. */
export const boundsMessages = {
  amount: `must be a whole number of minor units from 0 to ${MAX_AMOUNT_MINOR}`,
  positiveAmount: `must be a whole number of minor units from 1 to ${MAX_AMOUNT_MINOR}`,
  date: `must be a date as YYYY-MM-DD from ${EARLIEST_DATE} to ${LATEST_DATE}`,
  instant: "must be an RFC 3339 time in the years 2000–2099",
} as const;
