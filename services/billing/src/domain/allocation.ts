import type { FieldIssue } from "@slms/errors";
import { type CivilDate, compareDates } from "@slms/primitives/civil-date";
import { nonNegativeMinor } from "@slms/primitives/money";
import { failure, isPositiveMinor, type Outcome, success } from "./outcome.ts";

/** A bill money can go to, with what is left to pay on it. */
export interface OpenBill {
  id: string;
  dueDate: CivilDate;
  issueDate: CivilDate;
  periodStart: CivilDate;
  /** What is left to pay (≥ 0; a bill at 0 is not open and gets nothing). */
  balanceMinor: number;
}

/** One line of a plan: `amountMinor` (> 0) of the money goes to bill `billId`. */
export interface Allocation {
  billId: string;
  amountMinor: number;
}

/**
 * How money is split over bills. Always: Σ allocations + remainder = the money; every line is
 * > 0 and at most its bill's balance; a bill appears at most once.
 */
export interface AllocationPlan {
  allocations: Allocation[];
  /** What no bill took: becomes (or stays) prepayment. */
  remainderMinor: number;
}

/**
 * How a payment of `amountMinor` pays the open bills.
 *
 * - With `chosenBillIds` (the cashier's choice, in order; an empty list counts as no choice):
 *   each chosen bill in that order takes as much as it can (its balance, or what is left);
 *   nothing goes to bills not chosen — the rest is the remainder (prepayment).
 * - Without: bills are paid oldest first (`compareBillAge`) until the money runs out.
 *
 * Problems (nothing is planned): `amountMinor` not a whole number > 0; `billIds.N` that names no
 * open bill (unknown, or balance 0) or repeats an earlier choice.
 *
 * Throws a plain `Error` if `openBills` breaks an invariant (repeated id, negative balance).
 */
export function allocatePayment(
  amountMinor: number,
  openBills: readonly OpenBill[],
  chosenBillIds?: readonly string[],
): Outcome<AllocationPlan> {
  const open = openById(openBills);
  const problems: FieldIssue[] = [];
  if (!isPositiveMinor(amountMinor)) {
    problems.push({ field: "amountMinor", message: "must be a whole number of minor units > 0" });
  }
  const chosen: OpenBill[] = [];
  const seen = new Set<string>();
  for (const [i, id] of (chosenBillIds ?? []).entries()) {
    const bill = open.get(id);
    if (seen.has(id)) {
      problems.push({ field: `billIds.${i}`, message: `repeats bill ${id}` });
    } else if (!bill) {
      problems.push({ field: `billIds.${i}`, message: `${id} is not an open bill` });
    } else {
      chosen.push(bill);
    }
    seen.add(id);
  }
  if (problems.length > 0) return failure(problems);
  const order = chosen.length > 0 ? chosen : oldestFirst(open.values());
  return success(fill(amountMinor, order));
}

/**
 * How a prepayment balance of `creditMinor` settles `newBills`: oldest first, like a payment
 * without a choice. A credit of 0 plans nothing.
 *
 * Throws a plain `Error` on a negative credit or bills that break an invariant.
 */
export function applyPrepayment(
  creditMinor: number,
  newBills: readonly OpenBill[],
): AllocationPlan {
  nonNegativeMinor(creditMinor, "prepayment");
  return fill(creditMinor, oldestFirst(openById(newBills).values()));
}

/**
 * Which bill is paid first: the earlier due date, then the earlier issue date, then the earlier
 * period start, then the smaller id (compared by UTF-16 code units, not locale), so the order
 * never depends on the order the bills were listed in.
 */
export function compareBillAge(a: OpenBill, b: OpenBill): number {
  return (
    compareDates(a.dueDate, b.dueDate) ||
    compareDates(a.issueDate, b.issueDate) ||
    compareDates(a.periodStart, b.periodStart) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

function oldestFirst(bills: Iterable<OpenBill>): OpenBill[] {
  return [...bills].sort(compareBillAge);
}

/** The open bills (balance > 0) by id; throws on a repeated id or a malformed balance. */
function openById(bills: readonly OpenBill[]): Map<string, OpenBill> {
  const all = new Set<string>();
  const open = new Map<string, OpenBill>();
  for (const bill of bills) {
    if (all.has(bill.id)) throw new Error(`bill ${bill.id} is listed twice`);
    all.add(bill.id);
    if (nonNegativeMinor(bill.balanceMinor, `balance of bill ${bill.id}`) > 0) {
      open.set(bill.id, bill);
    }
  }
  return open;
}

function fill(money: number, bills: readonly OpenBill[]): AllocationPlan {
  const allocations: Allocation[] = [];
  let left = money;
  for (const bill of bills) {
    if (left === 0) break;
    const amountMinor = Math.min(left, bill.balanceMinor);
    allocations.push({ billId: bill.id, amountMinor });
    left -= amountMinor;
  }
  return { allocations, remainderMinor: left };
}
