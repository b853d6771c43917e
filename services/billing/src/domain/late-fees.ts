import { MAX_AMOUNT_MINOR } from "@slms/primitives/bounds";
import {
  addDays,
  type CivilDate,
  fromEpochDay,
  isCivilDate,
  toEpochDay,
} from "@slms/primitives/civil-date";
import { mulDivRound, nonNegativeMinor } from "@slms/primitives/money";

/**
 * Late fees on an overdue bill (the lease's `lateFee` terms). Rates are basis points:
 * 1 bp = 0.01 %, so 5 bp a day is 0.05 % a day.
 *
 * Which days accrue: the days after the due date up to `dueDate + graceDays` are grace days and
 * accrue nothing; every day D from `dueDate + graceDays + 1` on accrues
 *
 *     round_half_up( balance at the end of D − 1  ×  dailyBasisPoints ÷ 10 000 )
 *
 * (exact, one rounding per day), so a balance paid by the end of the last grace day never
 * accrues. E.g. due 2026-03-05, grace 5: 03-06 … 03-10 are grace days; the balance at the end
 * of 03-10 accrues on 03-11, the first fee day. With grace 0, the balance left at the end of the
 * due date accrues on the next day.
 *
 * The cap: the running total of a bill's late fees never exceeds
 * round_half_up(amountMinor × capBasisPoints ÷ 10 000); the day that would cross it accrues only
 * what is left up to it, and later days accrue nothing.
 */
export interface LateFeeRule {
  /** Days after the due date on which nothing accrues (≥ 0). */
  graceDays: number;
  /** Fee per day, in basis points of the unpaid balance (≥ 0). */
  dailyBasisPoints: number;
  /** Most the fees of one bill may add up to, in basis points of the bill's amount (≥ 0). */
  capBasisPoints: number;
}

/** What the late fee of a bill depends on. */
export interface LateFeeBill {
  amountMinor: number;
  dueDate: CivilDate;
}

/**
 * A change of a bill's unpaid balance: from the end of `date` on (until the next change) the
 * balance is `balanceMinor`. Before the first change it is the bill's amount. Payments lower it;
 * reversals and waivers change it too. Several changes on one date: the last one listed wins.
 */
export interface BalanceChange {
  date: CivilDate;
  balanceMinor: number;
}

/** The late fee accrued on one day. */
export interface DailyLateFee {
  date: CivilDate;
  amountMinor: number;
}

/** The first day that can accrue a late fee: `dueDate + graceDays + 1`. */
export function firstLateFeeDay(rule: LateFeeRule, bill: LateFeeBill): CivilDate {
  assertRule(rule);
  return addDays(bill.dueDate, rule.graceDays + 1);
}

/**
 * The first day a bill accrues a late fee: {@link firstLateFeeDay}, or — for an opening bill of
 * a go-live import — the day after the one it entered the system (`enteredOn`, the site's date),
 * if later: the days before were the old system's business.
 */
export function firstAccrualDay(
  rule: LateFeeRule,
  bill: LateFeeBill & { kind: string; enteredOn: CivilDate },
): CivilDate {
  const due = firstLateFeeDay(rule, bill);
  if (bill.kind !== "opening_arrears") return due;
  const entered = addDays(bill.enteredOn, 1);
  if (entered > due) return entered;
  return due;
}

/**
 * The most a bill's late fees may add up to: round_half_up(amount × capBasisPoints ÷ 10 000),
 * and never more than MAX_AMOUNT_MINOR (the late-fee bill is a bill like any other).
 */
export function lateFeeCap(rule: LateFeeRule, bill: LateFeeBill): number {
  assertRule(rule);
  return Math.min(
    mulDivRound(nonNegativeMinor(bill.amountMinor, "bill amount"), rule.capBasisPoints, 10_000),
    MAX_AMOUNT_MINOR,
  );
}

/**
 * The fee accrued on `date`, given the balance at the end of the day before and what the bill
 * has accrued on earlier days: 0 before the first fee day; else the day's rate on the balance,
 * limited to what is left under the cap (0 once `accruedSoFar` reaches it).
 *
 * Throws a plain `Error` on a malformed rule, date or amount, or a balance above the bill's
 * amount.
 */
export function lateFeeForDay(
  rule: LateFeeRule,
  bill: LateFeeBill,
  balanceOnPreviousDay: number,
  date: CivilDate,
  accruedSoFar: number,
): number {
  assertBalance(bill, balanceOnPreviousDay);
  nonNegativeMinor(accruedSoFar, "accrued late fees");
  if (toEpochDay(date) < toEpochDay(firstLateFeeDay(rule, bill))) return 0;
  const left = lateFeeCap(rule, bill) - accruedSoFar;
  if (left <= 0) return 0;
  return Math.min(mulDivRound(balanceOnPreviousDay, rule.dailyBasisPoints, 10_000), left);
}

/**
 * The fees accrued on each day from `from` to `to` (both included), with the balance history
 * `balances`: only days with a fee > 0, in date order. Nothing for an empty range (`to` before
 * `from`).
 *
 * The cap counts every fee since the first fee day, also those before `from`: the result is a
 * pure function of the history, so accruing day by day, or a month at once, or again after a
 * crash gives the same fee for each day. (A history changed afterwards — a back-dated payment —
 * changes the days after it; which days stay accrued is the caller's decision.)
 *
 * Throws a plain `Error` on a malformed rule, date or balance (negative, or above the amount).
 */
export function lateFeeBetween(
  rule: LateFeeRule,
  bill: LateFeeBill,
  balances: readonly BalanceChange[],
  from: CivilDate,
  to: CivilDate,
): DailyLateFee[] {
  const first = toEpochDay(firstLateFeeDay(rule, bill));
  const cap = lateFeeCap(rule, bill);
  const fromDay = toEpochDay(from);
  const toDay = toEpochDay(to);
  const changes = balanceChanges(bill, balances);

  const fees: DailyLateFee[] = [];
  let accrued = 0;
  let next = 0;
  let balance = bill.amountMinor;
  let daily = mulDivRound(balance, rule.dailyBasisPoints, 10_000);
  for (let day = first; day <= toDay && accrued < cap; day++) {
    let changed = false;
    for (let change = changes[next]; change && change.day < day; change = changes[++next]) {
      balance = change.balanceMinor;
      changed = true;
    }
    if (changed) daily = mulDivRound(balance, rule.dailyBasisPoints, 10_000);
    // Nothing can accrue any more: no fee today and no change to come.
    if (daily === 0 && next === changes.length) break;
    const fee = Math.min(daily, cap - accrued);
    accrued += fee;
    if (fee > 0 && day >= fromDay) fees.push({ date: fromEpochDay(day), amountMinor: fee });
  }
  return fees;
}

/** The history as epoch days, sorted by date (stable: the last change of a day wins). */
function balanceChanges(
  bill: LateFeeBill,
  balances: readonly BalanceChange[],
): { day: number; balanceMinor: number }[] {
  return balances
    .map((change) => {
      assertBalance(bill, change.balanceMinor);
      if (!isCivilDate(change.date)) {
        throw new Error(`balance change on a malformed date: ${JSON.stringify(change.date)}`);
      }
      return { day: toEpochDay(change.date), balanceMinor: change.balanceMinor };
    })
    .sort((a, b) => a.day - b.day);
}

function assertBalance(bill: LateFeeBill, balanceMinor: number): void {
  nonNegativeMinor(balanceMinor, "balance");
  if (balanceMinor > nonNegativeMinor(bill.amountMinor, "bill amount")) {
    throw new Error(`balance ${balanceMinor} exceeds the bill's amount ${bill.amountMinor}`);
  }
}

function assertRule(rule: LateFeeRule): void {
  for (const key of ["graceDays", "dailyBasisPoints", "capBasisPoints"] as const) {
    const value = rule[key];
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new Error(`late-fee rule: ${key} must be a whole number ≥ 0, not ${value}`);
    }
  }
}
