import { addMonths, startOfMonth } from "@slms/primitives/civil-date";
import { startOfDayIn, todayIn } from "@slms/primitives/zoned";

/**
 * The four-eyes rule for waivers. A waiver staff request applies at once only while both sums
 * stay within the threshold (minor units; equal is within):
 * - **per bill**: the staff waivers on the bill already approved or pending, plus this one —
 *   so splitting a large waiver into small ones on one bill does not avoid approval;
 * - **per customer and month**: the customer's staff waivers requested at the site in the
 *   calendar month of the request (the site's time zone), approved or pending, plus this one —
 *   so spreading them over the customer's bills does not either.
 * Credit notes the system issues (amendments, terminations) and rejected waivers count in neither.
 * Otherwise the waiver waits for a different user with an approver role.
 *
 * @example threshold 50,000; a bill with 30,000 waived: a request of 20,000 applies (50,000),
 * one of 20,001 waits; the same customer's other bill, same month, then waits for any amount.
 */
export function waiverNeedsApproval(
  thresholdMinor: number,
  amountMinor: number,
  already: { billMinor: number; customerMonthMinor: number },
): { needsApproval: boolean; because: "bill" | "customer_month" | null } {
  if (already.billMinor + amountMinor > thresholdMinor) {
    return { needsApproval: true, because: "bill" };
  }
  if (already.customerMonthMinor + amountMinor > thresholdMinor) {
    return { needsApproval: true, because: "customer_month" };
  }
  return { needsApproval: false, because: null };
}

/** The calendar month containing `instant` in `timeZone`, as instants [from, to). */
export function calendarMonthOf(instant: Date, timeZone: string): { from: Date; to: Date } {
  const first = startOfMonth(todayIn(timeZone, instant));
  return {
    from: startOfDayIn(first, timeZone),
    to: startOfDayIn(addMonths(first, 1), timeZone),
  };
}
