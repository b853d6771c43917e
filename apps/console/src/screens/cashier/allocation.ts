/**
 * How the cashier's money is split over a customer's open bills — integer minor units only.
 *
 * The API takes an ordered list of bills (`billIds`): each bill in that order takes as much as it
 * can (its balance, or what is left), the rest becomes prepayment; without a list, bills are paid
 * oldest due first. So a split the cashier edits can be sent only if it is what that rule gives
 * for some order: every chosen bill paid in full except at most one paid in part, and that one
 * only when nothing is left over for prepayment. `checkAllocation` says whether it is, and which
 * `billIds` to send.
 */

/** A bill money can go to, with what is left to pay on it. */
export interface OpenBill {
  id: string;
  dueDate: string;
  issueDate: string;
  periodStart: string;
  balanceMinor: number;
}

/** Bill id → minor units the cashier puts on it (absent or 0: nothing). */
export type Split = Record<string, number>;

/** The API's order: earlier due date, then issue date, then period start, then id. */
export function compareBillAge(a: OpenBill, b: OpenBill): number {
  return (
    a.dueDate.localeCompare(b.dueDate) ||
    a.issueDate.localeCompare(b.issueDate) ||
    a.periodStart.localeCompare(b.periodStart) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** The bills with something left to pay, oldest first. */
export function openOldestFirst(bills: readonly OpenBill[]): OpenBill[] {
  return bills.filter((bill) => bill.balanceMinor > 0).sort(compareBillAge);
}

/** What the API does with the money over bills in this order: each takes what it can. */
export function fill(receivedMinor: number, ordered: readonly OpenBill[]): Split {
  const split: Split = {};
  let left = Math.max(0, receivedMinor);
  for (const bill of ordered) {
    if (left === 0) break;
    const amount = Math.min(left, bill.balanceMinor);
    if (amount > 0) split[bill.id] = amount;
    left -= amount;
  }
  return split;
}

/** The default split: oldest due first until the money runs out. */
export function defaultSplit(receivedMinor: number, bills: readonly OpenBill[]): Split {
  return fill(receivedMinor, openOldestFirst(bills));
}

export type AllocationProblem =
  /** A bill's amount is not a whole number ≥ 0 of minor units. */
  | { kind: "notAmount"; billId: string }
  /** More on a bill than it has left to pay. */
  | { kind: "overBalance"; billId: string }
  /** More put on bills than was received. */
  | { kind: "overReceived" }
  /** Nothing on any bill while bills are open: the API would pay the oldest ones. */
  | { kind: "noBill" }
  /** More than one bill paid in part, or one in part while money is left for prepayment. */
  | { kind: "partial" }
  /** The API takes at most 100 chosen bills. */
  | { kind: "tooManyBills" };

export interface AllocationCheck {
  /** Σ of the amounts on bills. */
  allocatedMinor: number;
  /** What becomes prepayment: received − allocated (0 when over). */
  prepaidMinor: number;
  problems: AllocationProblem[];
  /**
   * What to send as `billIds`: undefined to let the API pay oldest first (the split is the
   * default one), else the chosen bills in the order that gives the split. Meaningless when
   * there are problems.
   */
  billIds: string[] | undefined;
}

export const MAX_CHOSEN_BILLS = 100;

const sameSplit = (a: Split, b: Split): boolean => {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) if ((a[key] ?? 0) !== (b[key] ?? 0)) return false;
  return true;
};

/** Whether the cashier's split can be recorded, what it leaves as prepayment, and `billIds`. */
export function checkAllocation(
  receivedMinor: number,
  bills: readonly OpenBill[],
  split: Split,
): AllocationCheck {
  const open = openOldestFirst(bills);
  const problems: AllocationProblem[] = [];
  let allocatedMinor = 0;
  for (const bill of open) {
    const amount = split[bill.id] ?? 0;
    if (!Number.isSafeInteger(amount) || amount < 0) {
      problems.push({ kind: "notAmount", billId: bill.id });
      continue;
    }
    if (amount > bill.balanceMinor) problems.push({ kind: "overBalance", billId: bill.id });
    allocatedMinor += amount;
  }
  const prepaidMinor = Math.max(0, receivedMinor - allocatedMinor);
  if (allocatedMinor > receivedMinor) problems.push({ kind: "overReceived" });
  if (problems.length > 0) return { allocatedMinor, prepaidMinor, problems, billIds: undefined };

  if (sameSplit(split, defaultSplit(receivedMinor, open)))
    return { allocatedMinor, prepaidMinor, problems, billIds: undefined };

  const chosen = open.filter((bill) => (split[bill.id] ?? 0) > 0);
  if (chosen.length === 0) {
    // An empty choice is no choice: the API would pay the oldest bills.
    return { allocatedMinor, prepaidMinor, problems: [{ kind: "noBill" }], billIds: undefined };
  }
  // Bills paid in full first (oldest first), the one paid in part (if any) last.
  const full = chosen.filter((bill) => split[bill.id] === bill.balanceMinor);
  const part = chosen.filter((bill) => split[bill.id] !== bill.balanceMinor);
  const order = [...full, ...part];
  if (!sameSplit(split, fill(receivedMinor, order))) problems.push({ kind: "partial" });
  if (order.length > MAX_CHOSEN_BILLS) problems.push({ kind: "tooManyBills" });
  return {
    allocatedMinor,
    prepaidMinor,
    problems,
    billIds: order.map((bill) => bill.id),
  };
}
