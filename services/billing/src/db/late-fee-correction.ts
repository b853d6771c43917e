import { fromDbDate, toDbDate, todayIn } from "@slms/primitives/zoned";
import type { Tx } from "../deps.ts";
import {
  type BalanceChange,
  firstLateFeeDay,
  type LateFeeRule,
  lateFeeBetween,
} from "../domain/late-fees.ts";
import type { Allocation, Bill, Waiver } from "../generated/prisma/client.ts";
import { lockBills, statusOf } from "./ledger.ts";

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
 * Runs in the caller's transaction, after the bills' allocations changed.
 */
export async function correctLateFees(tx: Tx, billIds: readonly string[]): Promise<void> {
  if (billIds.length === 0) return;
  const accrued = await tx.lateFeeAccrual.groupBy({
    by: ["billId"],
    where: { billId: { in: [...billIds] } },
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
      firstLateFeeDay(rule, dates),
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
    const settled = locked.allocatedMinor + locked.waivedMinor;
    const total = BigInt(fees.reduce((sum, f) => sum + f.amountMinor, 0));
    const amount = total > settled ? total : settled;
    if (amount === locked.amountMinor) continue;
    await tx.bill.update({
      where: { id: late.id },
      data: {
        amountMinor: amount,
        status: statusOf(amount, locked.allocatedMinor, locked.waivedMinor),
      },
    });
  }
}
