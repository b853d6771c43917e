import { fromDbDate, toDbDate, todayIn } from "@slms/primitives/zoned";
import type { Tx } from "../deps.ts";
import {
  type BalanceChange,
  firstAccrualDay,
  type LateFeeRule,
  lateFeeBetween,
} from "../domain/late-fees.ts";
import type { Allocation, Bill, Waiver } from "../generated/prisma/client.ts";
import { lockBills, resizeBill } from "./ledger.ts";

/** A bill with what moved its balance: allocations (and their reversals) and approved waivers. */
export type BillWithMoves = Bill & {
  allocations: Pick<Allocation, "amountMinor" | "receivedAt" | "reversedAt">[];
  waivers: Pick<Waiver, "amountMinor" | "decidedAt" | "createdAt">[];
};

/** The bill's balance after each day money or a waiver reached it (site time zone). */
export function balanceHistory(bill: BillWithMoves, timeZone: string): BalanceChange[] {
  const moves = [
    ...bill.allocations.map((a) => ({
      date: todayIn(timeZone, a.receivedAt),
      delta: -Number(a.amountMinor),
    })),
    ...bill.allocations
      .filter((a) => a.reversedAt)
      .map((a) => ({ date: todayIn(timeZone, a.reversedAt!), delta: Number(a.amountMinor) })),
    ...bill.waivers.map((w) => ({
      date: todayIn(timeZone, w.decidedAt ?? w.createdAt),
      delta: -Number(w.amountMinor),
    })),
  ].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  let balance = Number(bill.amountMinor);
  const changes: BalanceChange[] = [];
  for (const move of moves) {
    balance += move.delta;
    const last = changes.at(-1);
    if (last?.date === move.date) last.balanceMinor = balance;
    else changes.push({ date: move.date, balanceMinor: balance });
  }
  return changes;
}

/**
 * Brings the late fees already accrued on these bills in line with their payment history after
 * it changed in the past — a payment entered days after it was received, or a reversal: every
 * accrued day is computed again, so days no longer owed go and days owed more are raised. Days
 * not accrued yet are left to the late-fee step. The late-fee bill follows, but never drops below
 * what was already paid or waived on it (a fee already paid stays paid).
 * Runs in the caller's transaction, after the bills' allocations changed at `since` (when the
 * money was received, or the reversal); bills with no fee accrued after that are left alone — the
 * usual case of a payment entered the day it arrived costs one query.
 */
export async function correctLateFees(
  tx: Tx,
  actor: string,
  billIds: readonly string[],
  change: { since: Date; at: Date },
): Promise<void> {
  if (billIds.length === 0) return;
  // A day's fee follows the balance of the day before; a day of slack covers any time zone.
  const firstAffected = new Date(toDbDate(fromDbDate(change.since)).getTime() - 86_400_000);
  const accrued = await tx.lateFeeAccrual.groupBy({
    by: ["billId"],
    where: { billId: { in: [...billIds] }, date: { gte: firstAffected } },
    _max: { date: true },
  });
  for (const { billId, _max } of accrued) {
    const bill = await tx.bill.findUniqueOrThrow({
      where: { id: billId },
      include: { allocations: true, waivers: { where: { status: "approved" } } },
    });
    const lease = bill.leaseId
      ? await tx.billingLease.findUnique({ where: { id: bill.leaseId } })
      : null;
    if (!lease || !_max.date) continue;
    const rule = lease.lateFee as unknown as LateFeeRule;
    const dates = { amountMinor: Number(bill.amountMinor), dueDate: fromDbDate(bill.dueDate) };
    const fees = lateFeeBetween(
      rule,
      dates,
      balanceHistory(bill, lease.timeZone),
      firstAccrualDay(rule, {
        ...dates,
        kind: bill.kind,
        enteredOn: todayIn(lease.timeZone, bill.createdAt),
      }),
      fromDbDate(_max.date),
    );
    await tx.lateFeeAccrual.deleteMany({ where: { billId } });
    await tx.lateFeeAccrual.createMany({
      data: fees.map((f) => ({
        billId,
        date: toDbDate(f.date),
        amountMinor: BigInt(f.amountMinor),
      })),
    });
    const late = await tx.bill.findUnique({ where: { dedupeKey: `late:${billId}` } });
    if (!late) continue;
    const locked = (await lockBills(tx, [late.id])).get(late.id)!;
    const total = BigInt(fees.reduce((sum, f) => sum + f.amountMinor, 0));
    await resizeBill(tx, actor, locked, total, change.at);
  }
}
