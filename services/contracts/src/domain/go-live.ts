import { compareDates } from "@slms/primitives/civil-date";
import type { CivilDate, LeaseDates } from "./terms.ts";

// A lease imported at a go-live was billed before, outside the platform: what it still owed then
// comes in as an opening balance. The platform bills it from the go-live on (`billingStartsOn`),
// so its events never carry the periods the opening balance covers — billing builds its charges
// from the events alone.

/**
 * The lines of a schedule the platform bills: those of periods starting on or after
 * `billingStartsOn` (a period already running at the go-live is the opening balance's), every
 * line when it is null. Used on every schedule a lease's events carry (activated, amended,
 * terminated), so no later event brings the earlier periods back.
 */
export function billedFrom<Line extends { periodStart: CivilDate }>(
  lines: readonly Line[],
  billingStartsOn: CivilDate | null,
): Line[] {
  if (billingStartsOn === null) return [...lines];
  return lines.filter((line) => compareDates(line.periodStart, billingStartsOn) >= 0);
}

/**
 * The go-live to store on an imported lease: null when billing starts with the lease (no date
 * given, or one on or before its start — a lease starting after the go-live is billed from its
 * start like any other), otherwise the date. A lease ending before it is refused: an ended lease
 * is not imported.
 */
export function goLiveOf(
  dates: LeaseDates,
  billingStartsOn: CivilDate | null,
): { ok: true; billingStartsOn: CivilDate | null } | { ok: false; message: string } {
  if (billingStartsOn === null || compareDates(billingStartsOn, dates.startDate) <= 0)
    return { ok: true, billingStartsOn: null };
  if (compareDates(dates.endDate, billingStartsOn) < 0)
    return {
      ok: false,
      message: `must not be before billing starts (${billingStartsOn}): an ended lease is not imported`,
    };
  return { ok: true, billingStartsOn };
}
