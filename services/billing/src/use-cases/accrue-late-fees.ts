import { writeOutbox } from "@slms/db";
import { notFound, parseInput } from "@slms/errors";
import { type Caller, canSeeSite } from "@slms/grpc";
import { addDays } from "@slms/primitives/civil-date";
import { fromDbDate, toDbDate, todayIn } from "@slms/primitives/zoned";
import { z } from "zod";
import { billView } from "../db/bills.ts";
import { type BillWithMoves, balanceHistory } from "../db/late-fee-correction.ts";
import { issueBill, lockBills, resizeBill } from "../db/ledger.ts";
import { shareSiteLeases } from "../db/removed-leases.ts";
import type { BillingDeps } from "../deps.ts";
import { date, id } from "../domain/fields.ts";
import {
  type BalanceChange,
  firstAccrualDay,
  type LateFeeRule,
  lateFeeBetween,
} from "../domain/late-fees.ts";
import { billOverdue } from "../events/bill-events.ts";

const input = z.object({ siteId: id.optional(), throughDate: date.optional() });
/** Late bills read (with their payments and waivers) at a time. */
const PAGE = 500;

/**
 * The daily late-fee step for a site (or every site in scope), by each lease's time zone:
 * - an open bill past its due date becomes overdue (`billing.bill.overdue`, once);
 * - each day after the grace period accrues a fee on the balance of the day before (domain
 *   `lateFeeBetween`, from the bill's real payment history), one row per bill and day, so running
 *   twice accrues nothing twice; the fees of a bill are one late-fee bill whose amount is the sum
 *   of its accruals (it grows as days pass, up to the lease's cap).
 */
export async function accrueLateFees(
  deps: BillingDeps,
  caller: Caller,
  raw: z.input<typeof input>,
): Promise<{ bills: number; accruedMinor: number }> {
  const request = parseInput(input, raw, "request");
  if (request.siteId && !canSeeSite(caller, request.siteId)) throw notFound("site");
  const everyOrganisation = caller.roles.includes("system") && caller.orgId === "system";
  const now = deps.clock();
  // No zone is ahead of UTC+14: a bill due on or after this date is late nowhere yet.
  const latest = request.throughDate ?? todayIn("Etc/GMT-14", now);
  let billsTouched = 0;
  let accruedMinor = 0;
  // Page by page in id order, so memory stays flat however many bills are late.
  let after: string | undefined;
  for (;;) {
    const bills = await deps.db.bill.findMany({
      where: {
        ...(everyOrganisation ? {} : { orgId: caller.orgId }),
        ...(request.siteId
          ? { siteId: request.siteId }
          : caller.siteIds === "all"
            ? {}
            : { siteId: { in: [...caller.siteIds] } }),
        status: "open",
        kind: { not: "late_fee" },
        leaseId: { not: null },
        dueDate: { lt: toDbDate(latest) },
        ...(after ? { id: { gt: after } } : {}),
      },
      include: { allocations: true, waivers: { where: { status: "approved" } } },
      orderBy: { id: "asc" },
      take: PAGE,
    });
    if (bills.length === 0) break;
    after = bills.at(-1)!.id;
    const page = await accruePage(deps, caller.actor, bills, request.throughDate, now);
    billsTouched += page.bills;
    accruedMinor += page.accruedMinor;
    if (bills.length < PAGE) break;
  }
  deps.outboxWritten();
  return { bills: billsTouched, accruedMinor };
}

/** Late bills per page of {@link accrueLateFees}. */
async function accruePage(
  deps: BillingDeps,
  actor: string,
  bills: BillWithMoves[],
  throughDate: string | undefined,
  now: Date,
): Promise<{ bills: number; accruedMinor: number }> {
  const ids = bills.map((b) => b.id);
  const leases = new Map(
    (
      await deps.db.billingLease.findMany({
        where: { id: { in: [...new Set(bills.map((b) => b.leaseId!))] } },
        select: { id: true, timeZone: true, lateFee: true },
      })
    ).map((lease) => [lease.id, lease]),
  );
  // Days already accrued are not computed again: each bill continues after its last one.
  const lastAccrued = new Map(
    (
      await deps.db.lateFeeAccrual.groupBy({
        by: ["billId"],
        where: { billId: { in: ids } },
        _max: { date: true },
      })
    ).map((row) => [row.billId, row._max.date]),
  );
  let billsTouched = 0;
  let accruedMinor = 0;
  for (const bill of bills) {
    const lease = leases.get(bill.leaseId!);
    if (!lease) continue;
    const through = throughDate ?? todayIn(lease.timeZone, now);
    const dates = { amountMinor: Number(bill.amountMinor), dueDate: fromDbDate(bill.dueDate) };
    if (dates.dueDate >= through) continue;
    if (!bill.overdue) await markOverdue(deps, actor, bill.id);
    const rule = lease.lateFee as unknown as LateFeeRule;
    const last = lastAccrued.get(bill.id);
    const first = firstAccrualDay(rule, {
      ...dates,
      kind: bill.kind,
      enteredOn: todayIn(lease.timeZone, bill.createdAt),
    });
    const from =
      last && addDays(fromDbDate(last), 1) > first ? addDays(fromDbDate(last), 1) : first;
    if (rule.dailyBasisPoints <= 0 || from > through) continue;
    const accrued = await accrue(
      deps,
      actor,
      bill,
      rule,
      balanceHistory(bill, lease.timeZone),
      from,
      through,
    );
    if (accrued > 0) {
      billsTouched++;
      accruedMinor += accrued;
    }
  }
  return { bills: billsTouched, accruedMinor };
}

async function markOverdue(deps: BillingDeps, actor: string, billId: string) {
  await deps.db.$transaction(async (tx) => {
    const changed = await tx.bill.updateMany({
      where: { id: billId, overdue: false },
      data: { overdue: true },
    });
    if (changed.count === 0) return;
    const bill = await tx.bill.findUniqueOrThrow({ where: { id: billId } });
    await writeOutbox(tx, billOverdue(actor, bill.orgId, billView(bill)));
  });
}

async function accrue(
  deps: BillingDeps,
  actor: string,
  bill: BillWithMoves,
  rule: LateFeeRule,
  history: BalanceChange[],
  from: string,
  through: string,
): Promise<number> {
  const dates = { amountMinor: Number(bill.amountMinor), dueDate: fromDbDate(bill.dueDate) };
  const fees = lateFeeBetween(rule, dates, history, from, through);
  if (fees.length === 0) return 0;
  return deps.db.$transaction(async (tx) => {
    // An import's rollback taking the bill back is waited for; then the bill is gone.
    await shareSiteLeases(tx, bill.siteId);
    if ((await tx.bill.count({ where: { id: bill.id } })) === 0) return 0;
    const inserted = await tx.lateFeeAccrual.createMany({
      data: fees.map((f) => ({
        billId: bill.id,
        date: toDbDate(f.date),
        amountMinor: BigInt(f.amountMinor),
      })),
      skipDuplicates: true,
    });
    if (inserted.count === 0) return 0;
    const sum = await tx.lateFeeAccrual.aggregate({
      where: { billId: bill.id },
      _sum: { amountMinor: true },
    });
    const total = sum._sum.amountMinor ?? 0n;
    const dedupeKey = `late:${bill.id}`;
    const created = await issueBill(tx, actor, {
      dedupeKey,
      orgId: bill.orgId,
      siteId: bill.siteId,
      leaseId: bill.leaseId,
      customerId: bill.customerId,
      feeCode: "late_fee",
      kind: "late_fee",
      periodStart: fees[0]!.date,
      periodEnd: through,
      issueDate: fees[0]!.date,
      dueDate: fees[0]!.date,
      currency: bill.currency,
      amountMinor: Number(total),
      relatedBillId: bill.id,
      note: `late fee on ${bill.id}`,
    });
    if (!created) {
      const existing = await tx.bill.findUniqueOrThrow({ where: { dedupeKey } });
      const locked = (await lockBills(tx, [existing.id])).get(existing.id)!;
      await resizeBill(tx, actor, locked, total, deps.clock(), { periodEnd: toDbDate(through) });
    }
    return fees.reduce((sum, f) => sum + f.amountMinor, 0);
  });
}
