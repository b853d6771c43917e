import { type CivilDate, compareDates, isCivilDate } from "@slms/primitives/civil-date";
import { nonNegativeMinor } from "@slms/primitives/money";

/**
 * Periods already billed never change silently: when a lease's schedule changes (amendment,
 * termination), every difference on a billed period becomes an extra bill or a credit note, and
 * only periods not billed yet are rescheduled or cancelled.
 */
export type Adjustment =
  | { kind: "none" }
  /** The period now costs more: bill the difference. */
  | { kind: "extra_bill"; amountMinor: number }
  /** The period now costs less: credit the difference. */
  | { kind: "credit_note"; amountMinor: number };

/**
 * What to do about a billed line whose amount is now `newAmountMinor`: nothing if equal; an extra
 * bill for new − billed if more; a credit note for billed − new if less (to 0 for a period
 * dropped altogether). Throws a plain `Error` on an amount that is not a whole number ≥ 0.
 */
export function adjustmentFor(billedAmountMinor: number, newAmountMinor: number): Adjustment {
  const difference =
    nonNegativeMinor(newAmountMinor, "new amount") -
    nonNegativeMinor(billedAmountMinor, "billed amount");
  if (difference > 0) return { kind: "extra_bill", amountMinor: difference };
  if (difference < 0) return { kind: "credit_note", amountMinor: -difference };
  return { kind: "none" };
}

/** What has been billed for one fee and period, net of earlier adjustments. */
export interface BilledLine {
  feeCode: string;
  periodStart: CivilDate;
  amountMinor: number;
}

/** A line of a charge schedule (billing's pending lines, or the lease's schedule). */
export interface ScheduleLine {
  feeCode: string;
  periodStart: CivilDate;
  /** Inclusive. */
  periodEnd: CivilDate;
  amountMinor: number;
  issueDate: CivilDate;
  dueDate: CivilDate;
}

/** A billed period whose amount changed, and the bill or credit that makes up for it. */
export interface LineAdjustment {
  feeCode: string;
  periodStart: CivilDate;
  billedAmountMinor: number;
  /** 0 when the period is no longer in the schedule. */
  newAmountMinor: number;
  adjustment: Exclude<Adjustment, { kind: "none" }>;
}

export interface Reconciliation<T extends ScheduleLine> {
  /** Billed periods whose amount changed. */
  adjust: LineAdjustment[];
  /** Lines not billed yet that are new or differ from the pending ones: create or replace. */
  schedule: T[];
  /** Pending lines (not billed) the new schedule no longer has: cancel. */
  cancel: ScheduleLine[];
}

export interface ScheduleChange<T extends ScheduleLine> {
  /** Every (fee, period) billed so far, once each, net of earlier adjustments. */
  billed: readonly BilledLine[];
  /** The lines scheduled but not billed yet (none of them billed). */
  pending: readonly ScheduleLine[];
  /** The whole schedule of the lease after the change (as contracts computed it). */
  newSchedule: readonly T[];
  /**
   * The lease's last day after a termination: periods starting after it are dropped even if
   * `newSchedule` lists them. A line of `newSchedule` running past it is a bug (the schedule
   * was not cut at the termination) and throws.
   */
  droppedAfter?: CivilDate;
}

/**
 * What a schedule change means for billing. Lines are matched by (fee code, period start):
 *
 * - billed and in the new schedule: `adjust` if the amounts differ (`adjustmentFor`);
 * - billed and not in the new schedule (dropped): `adjust` with a credit note for all of it;
 * - not billed, in the new schedule: `schedule` unless a pending line is the same (amount,
 *   period end, issue and due dates);
 * - pending and not in the new schedule: `cancel`.
 *
 * Each list is sorted by period start, then fee code. Throws a plain `Error` on a (fee, period)
 * listed twice in one input, a line both billed and pending, or malformed amounts or dates.
 */
export function reconcileSchedule<T extends ScheduleLine>(
  change: ScheduleChange<T>,
): Reconciliation<T> {
  const { droppedAfter } = change;
  const billed = byKey(change.billed, "billed");
  const pending = byKey(change.pending, "pending");
  const next = byKey(
    change.newSchedule.filter((line) => !droppedAfter || !startsAfter(line, droppedAfter)),
    "new schedule",
  );
  for (const [key, line] of pending) {
    if (billed.has(key)) throw new Error(`${describe(line)} is both billed and pending`);
  }
  if (droppedAfter) {
    for (const line of next.values()) {
      if (compareDates(line.periodEnd, droppedAfter) > 0) {
        throw new Error(
          `${line.feeCode} ${line.periodStart}–${line.periodEnd} runs past the lease's end ${droppedAfter}`,
        );
      }
    }
  }

  const adjust: LineAdjustment[] = [];
  for (const [key, line] of billed) {
    const newAmountMinor = next.get(key)?.amountMinor ?? 0;
    const adjustment = adjustmentFor(line.amountMinor, newAmountMinor);
    if (adjustment.kind === "none") continue;
    adjust.push({
      feeCode: line.feeCode,
      periodStart: line.periodStart,
      billedAmountMinor: line.amountMinor,
      newAmountMinor,
      adjustment,
    });
  }
  const schedule = [...next]
    .filter(([key, line]) => {
      if (billed.has(key)) return false;
      const old = pending.get(key);
      return !old || !sameLine(old, line);
    })
    .map(([, line]) => line);
  const cancel = [...pending].filter(([key]) => !next.has(key)).map(([, line]) => line);
  return { adjust: sorted(adjust), schedule: sorted(schedule), cancel: sorted(cancel) };
}

function startsAfter(line: ScheduleLine, date: CivilDate): boolean {
  return compareDates(line.periodStart, date) > 0;
}

function sameLine(a: ScheduleLine, b: ScheduleLine): boolean {
  return (
    a.amountMinor === b.amountMinor &&
    a.periodEnd === b.periodEnd &&
    a.issueDate === b.issueDate &&
    a.dueDate === b.dueDate
  );
}

const keyOf = (line: BilledLine) => JSON.stringify([line.feeCode, line.periodStart]);

const describe = (line: BilledLine) => `${line.feeCode} from ${line.periodStart}`;

function byKey<L extends BilledLine>(lines: readonly L[], what: string): Map<string, L> {
  const map = new Map<string, L>();
  for (const line of lines) {
    if (!isCivilDate(line.periodStart)) {
      throw new Error(`${what}: malformed period start ${JSON.stringify(line.periodStart)}`);
    }
    nonNegativeMinor(line.amountMinor, `${what} amount of ${describe(line)}`);
    const key = keyOf(line);
    if (map.has(key)) throw new Error(`${what}: ${describe(line)} is listed twice`);
    map.set(key, line);
  }
  return map;
}

function sorted<L extends { feeCode: string; periodStart: CivilDate }>(lines: L[]): L[] {
  return lines.sort(
    (a, b) =>
      compareDates(a.periodStart, b.periodStart) ||
      (a.feeCode < b.feeCode ? -1 : a.feeCode > b.feeCode ? 1 : 0),
  );
}
