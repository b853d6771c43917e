import { type CivilDate, compareDates } from "@slms/primitives/civil-date";

/**
 * The issue date of an opening-arrears bill (a go-live import's receivable from before the
 * system): the period's start — or its due date when that is earlier (a period charged in
 * advance), since a bill is never issued after it is due. The sheet gives no issue date, and
 * neither choice moves money: late fees run from the due date, payments pay the oldest due
 * first, statements date the bill by this day.
 *
 * @example openingIssueDate("2026-01-01", "2026-01-05") // "2026-01-01"
 * @example openingIssueDate("2026-02-01", "2026-01-25") // "2026-01-25"
 */
export function openingIssueDate(periodStart: CivilDate, dueDate: CivilDate): CivilDate {
  return compareDates(dueDate, periodStart) < 0 ? dueDate : periodStart;
}
