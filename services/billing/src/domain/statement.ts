import type { FieldIssue } from "@slms/errors";
import { type CivilDate, compareDates, isCivilDate } from "@slms/primitives/civil-date";
import { nonNegativeMinor, safeMinor } from "@slms/primitives/money";
import { failure, type Outcome, success } from "./outcome.ts";

export const ledgerKinds = [
  "bill",
  "allocation",
  "allocation_reversed",
  "waiver",
  "prepayment_in",
  "prepayment_out",
] as const;

/**
 * What a receivable-ledger entry does to what the customer owes. Amounts in entries are ≥ 0;
 * the sign comes from the kind.
 *
 * - `bill` (+, a charge): a bill issued (rent, fee, late fee, utility, extra bill, opening
 *   arrears).
 * - `waiver` (−, a credit): a waiver or credit note reducing a bill.
 * - `allocation` (−, a payment): money applied to a bill, from a payment or from prepayment.
 * - `allocation_reversed` (+, a negative payment): an allocation undone (payment reversed).
 * - `prepayment_in` (−, a payment): money received and held as prepayment.
 * - `prepayment_out` (+, a negative payment): money leaving the prepayment balance, to settle a
 *   bill (then paired with an `allocation` of the same amount: no net effect) or refunded.
 *
 * The balance is thus the customer's net position: bills − allocations − waivers − prepayment
 * held. Positive: the customer owes; negative: the customer is in credit.
 */
export type LedgerKind = (typeof ledgerKinds)[number];

const effects = {
  bill: { sign: 1, column: "charges" },
  waiver: { sign: -1, column: "credits" },
  allocation: { sign: -1, column: "payments" },
  allocation_reversed: { sign: 1, column: "payments" },
  prepayment_in: { sign: -1, column: "payments" },
  prepayment_out: { sign: 1, column: "payments" },
} as const satisfies Record<LedgerKind, { sign: 1 | -1; column: string }>;

export interface LedgerEntry {
  date: CivilDate;
  kind: LedgerKind;
  /** ≥ 0; the kind gives the sign. */
  amountMinor: number;
  /** The bill, payment or waiver id the entry comes from. */
  reference: string;
  description: string;
}

export interface StatementLine {
  date: CivilDate;
  kind: LedgerKind;
  description: string;
  /** Signed: charges and reversals +, payments and credits −. */
  amountMinor: number;
  /** The balance after this line. */
  runningBalanceMinor: number;
  reference: string;
}

/**
 * A customer's (or lease's) account over `from`..`to`, both included. Always:
 * closing = opening + charges − payments − credits = opening + Σ line amounts
 *         = `balanceThrough(entries, to)`.
 */
export interface Statement {
  from: CivilDate;
  to: CivilDate;
  /** The balance from every entry before `from`. */
  openingBalanceMinor: number;
  /** Σ `bill` in the range. */
  chargesMinor: number;
  /** Net money received in the range: allocations + prepayment in − reversals − prepayment out. */
  paymentsMinor: number;
  /** Σ `waiver` in the range. */
  creditsMinor: number;
  closingBalanceMinor: number;
  /** Prepayment held at the end of `to`: Σ prepayment_in − Σ prepayment_out up to `to`. */
  prepaymentMinor: number;
  /** The entries in the range, by date, then in the order given. */
  lines: StatementLine[];
}

/**
 * The statement of `entries` over `from`..`to`.
 *
 * Problems: `from` or `to` not a date, or `to` before `from`. Throws a plain `Error` on a
 * malformed entry (they are the service's own records).
 */
export function buildStatement(
  entries: readonly LedgerEntry[],
  from: CivilDate,
  to: CivilDate,
): Outcome<Statement> {
  const problems = rangeProblems(from, to);
  if (problems.length > 0) return failure(problems);
  for (const entry of entries) assertEntry(entry);

  let opening = 0;
  let prepayment = 0;
  const totals = { charges: 0, payments: 0, credits: 0 };
  const inRange: LedgerEntry[] = [];
  for (const entry of entries) {
    if (compareDates(entry.date, to) > 0) continue;
    if (entry.kind === "prepayment_in") prepayment = safeMinor(prepayment + entry.amountMinor);
    if (entry.kind === "prepayment_out") prepayment = safeMinor(prepayment - entry.amountMinor);
    if (compareDates(entry.date, from) < 0) {
      opening = safeMinor(opening + signed(entry), "balance");
      continue;
    }
    inRange.push(entry);
    const { column } = effects[entry.kind];
    // Payments and credits are columns of amounts taken off: a reversal or prepayment out is a
    // negative payment.
    const delta = column === "charges" ? signed(entry) : -signed(entry);
    totals[column] = safeMinor(totals[column] + delta, column);
  }

  // Array.prototype.sort is stable: same-date entries keep their order.
  inRange.sort((a, b) => compareDates(a.date, b.date));
  let running = opening;
  const lines = inRange.map((entry): StatementLine => {
    const amountMinor = signed(entry);
    running = safeMinor(running + amountMinor, "balance");
    return {
      date: entry.date,
      kind: entry.kind,
      description: entry.description,
      amountMinor,
      runningBalanceMinor: running,
      reference: entry.reference,
    };
  });
  const closing = safeMinor(opening + totals.charges - totals.payments - totals.credits, "balance");
  return success({
    from,
    to,
    openingBalanceMinor: opening,
    chargesMinor: totals.charges,
    paymentsMinor: totals.payments,
    creditsMinor: totals.credits,
    closingBalanceMinor: closing,
    prepaymentMinor: prepayment,
    lines,
  });
}

/** The balance after every entry dated on or before `date`: Σ of their signed amounts. */
export function balanceThrough(entries: readonly LedgerEntry[], date: CivilDate): number {
  let balance = 0;
  for (const entry of entries) {
    assertEntry(entry);
    if (compareDates(entry.date, date) <= 0) balance = safeMinor(balance + signed(entry));
  }
  return balance;
}

/** The entry's effect on the balance: its amount with the sign of its kind. */
export function signedAmount(entry: LedgerEntry): number {
  assertEntry(entry);
  return signed(entry);
}

function signed(entry: LedgerEntry): number {
  return effects[entry.kind].sign * entry.amountMinor;
}

function rangeProblems(from: CivilDate, to: CivilDate): FieldIssue[] {
  const problems: FieldIssue[] = [];
  if (!isCivilDate(from)) problems.push({ field: "from", message: "must be a date (YYYY-MM-DD)" });
  if (!isCivilDate(to)) problems.push({ field: "to", message: "must be a date (YYYY-MM-DD)" });
  if (problems.length === 0 && compareDates(to, from) < 0) {
    problems.push({ field: "to", message: `must be on or after from (${from})` });
  }
  return problems;
}

function assertEntry(entry: LedgerEntry): void {
  if (!Object.hasOwn(effects, entry.kind)) {
    throw new Error(`unknown ledger entry kind: ${JSON.stringify(entry.kind)}`);
  }
  if (!isCivilDate(entry.date)) {
    throw new Error(`ledger entry ${entry.reference} has a malformed date: ${entry.date}`);
  }
  nonNegativeMinor(entry.amountMinor, `amount of ledger entry ${entry.reference}`);
}
