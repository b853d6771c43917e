import {
  type Account,
  type AccountMapping,
  type AccountRole,
  cashAccount,
  revenueAccount,
} from "./account-mapping.ts";
import type { FeedItem } from "./feed-item.ts";

/** One line of a journal entry: a debit or a credit (the other is 0), in minor units. */
export interface JournalLine {
  code: string;
  name: string;
  role: AccountRole;
  debitMinor: number;
  creditMinor: number;
}

interface Side {
  account: Account;
  role: AccountRole;
}

/**
 * `amount` moved from `credit` to `debit`: two lines, debit first. A negative amount moves it the
 * other way (the sides swap, amounts stay positive); zero moves nothing (no lines).
 */
function pair(debit: Side, credit: Side, amount: number): JournalLine[] {
  if (amount === 0) return [];
  const [to, from] = amount > 0 ? [debit, credit] : [credit, debit];
  const minor = Math.abs(amount);
  return [
    {
      code: to.account.code,
      name: to.account.name,
      role: to.role,
      debitMinor: minor,
      creditMinor: 0,
    },
    {
      code: from.account.code,
      name: from.account.name,
      role: from.role,
      debitMinor: 0,
      creditMinor: minor,
    },
  ];
}

/**
 * A change as a double-entry journal entry in the organisation's accounts. Every entry balances
 * (each amount is debited once and credited once). The postings:
 *
 * - bill issued: Dr receivables / Cr the fee item's income (opening arrears: Cr opening balances);
 * - bill balance changed, per part of the change — resized: as issued, by the difference;
 *   allocated (a payment or applied deposit put against it): Dr prepayments / Cr receivables,
 *   and back when unallocated; waived: Dr waivers / Cr receivables;
 * - payment recorded: Dr the method's cash account / Cr prepayments (money not yet put against a
 *   bill — its allocations then move it to the bills); reversed: the opposite;
 * - prepayment refunded (money not on any bill paid back): Dr prepayments / Cr the method's cash
 *   account;
 * - deposit received: Dr cash / Cr deposits; applied to bills: Dr deposits / Cr prepayments
 *   (billing then allocates it like a payment); refunded: Dr deposits / Cr cash; forfeited:
 *   Dr deposits / Cr forfeited deposits (the cash account of the entry's method, when it has one).
 */
export function journalOf(item: FeedItem, mapping: AccountMapping): JournalLine[] {
  const receivables: Side = { account: mapping.receivables, role: "receivables" };
  const prepayments: Side = { account: mapping.prepayments, role: "prepayments" };
  const deposits: Side = { account: mapping.deposits, role: "deposits" };
  const cash: Side = { account: cashAccount(mapping, item.method), role: "cash" };
  const income = (): Side =>
    item.data.kind === "opening_arrears"
      ? { account: mapping.openingBalances, role: "opening_balances" }
      : { account: revenueAccount(mapping, item.feeCode ?? ""), role: "revenue" };
  const minor = (key: string) => Number(item.data[key] ?? 0);

  switch (item.kind) {
    case "bill.issued":
      return pair(receivables, income(), item.amountMinor);
    case "bill.balance_changed":
      return [
        ...pair(receivables, income(), minor("amountDeltaMinor")),
        ...pair(prepayments, receivables, minor("allocatedDeltaMinor")),
        ...pair(
          { account: mapping.waivers, role: "waivers" },
          receivables,
          minor("waivedDeltaMinor"),
        ),
      ];
    case "payment.recorded":
      return pair(cash, prepayments, item.amountMinor);
    case "payment.reversed":
      return pair(prepayments, cash, item.amountMinor);
    case "prepayment.refunded":
      return pair(prepayments, cash, item.amountMinor);
    case "deposit.received":
      return pair(cash, deposits, Math.abs(item.amountMinor));
    case "deposit.applied":
      return pair(deposits, prepayments, Math.abs(item.amountMinor));
    case "deposit.refunded":
      return pair(deposits, cash, Math.abs(item.amountMinor));
    case "deposit.forfeited":
      return pair(
        deposits,
        { account: mapping.forfeitedDeposits, role: "forfeited_deposits" },
        Math.abs(item.amountMinor),
      );
    default:
      return [];
  }
}

/** The entry that takes `lines` back: each debit a credit and each credit a debit. */
export function reversalOf(lines: readonly JournalLine[]): JournalLine[] {
  return lines.map((line) => ({
    ...line,
    debitMinor: line.creditMinor,
    creditMinor: line.debitMinor,
  }));
}
