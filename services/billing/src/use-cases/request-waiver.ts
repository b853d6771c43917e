import { newId, writeOutbox } from "@slms/db";
import { invalid, notFound, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { lockBills, waive } from "../db/ledger.ts";
import { type WaiverView, waiverView } from "../db/waivers.ts";
import type { BillingDeps, Tx } from "../deps.ts";
import { id, positiveAmount, reason } from "../domain/fields.ts";
import { calendarMonthOf, waiverNeedsApproval } from "../domain/waiver-approval.ts";
import { waiverRequested } from "../events/bill-events.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { requireSiteInScope, siteFacts } from "../site-scope.ts";

const input = z.object({ siteId: id, billId: id, amountMinor: positiveAmount, reason });

/**
 * Waives (part of) a bill of the request's site (NOT_FOUND if it is another site's), with a
 * reason, never more than its balance.
 *
 * Four-eyes control (domain `waiverNeedsApproval`): the waiver applies at once only while
 * - the staff waivers on the bill — approved, pending and this one — stay within the approval
 *   threshold, so three waivers just under it on one bill do not all apply; and
 * - the customer's staff waivers requested at the site in this calendar month (the site's time
 *   zone) — approved, pending and this one — stay within it too, so spreading them over the
 *   customer's bills does not avoid approval either.
 * System credit notes and rejected waivers count in neither. Otherwise the waiver waits as
 * `pending` for a different user with an approver role (DecideWaiver), announced in the same
 * transaction as `billing.waiver.requested` so the approvers are told.
 *
 * Concurrency: each request holds a lock on the customer's waivers at the site (a transaction
 * advisory lock), then the bill row, from before it sums until it commits, so requests for one
 * customer are decided one after the other — two at once cannot both slip under the threshold.
 */
export async function requestWaiver(
  deps: BillingDeps,
  caller: Caller,
  request: z.input<typeof input>,
): Promise<WaiverView> {
  const data = parseInput(input, request, "waiver");
  const { siteId } = data;
  requireSiteInScope(caller, siteId, "bill");
  const target = await deps.db.bill.findUnique({ where: { id: data.billId } });
  if (!target || target.siteId !== siteId || target.orgId !== caller.orgId) throw notFound("bill");
  const { timeZone } = await siteFacts(deps, caller, siteId);
  const now = deps.clock();
  const month = calendarMonthOf(now, timeZone);
  const waiver = await deps.db.$transaction(async (tx) => {
    await lockCustomerWaivers(tx, siteId, target.customerId);
    const bill = (await lockBills(tx, [target.id])).get(target.id)!;
    const balance = Number(bill.amountMinor - bill.allocatedMinor - bill.waivedMinor);
    if (data.amountMinor > balance) {
      throw invalid("a waiver cannot exceed the bill's balance", [
        { field: "amountMinor", message: `must be at most the balance, ${balance}` },
      ]);
    }
    const staffWaivers: Prisma.WaiverWhereInput = {
      creditNote: false,
      status: { in: ["pending", "approved"] },
    };
    // One after the other: a transaction is one connection, which runs one query at a time.
    const onBill = await tx.waiver.aggregate({
      where: { ...staffWaivers, billId: bill.id },
      _sum: { amountMinor: true },
    });
    const inMonth = await tx.waiver.aggregate({
      where: {
        ...staffWaivers,
        createdAt: { gte: month.from, lt: month.to },
        bill: { orgId: bill.orgId, siteId, customerId: bill.customerId },
      },
      _sum: { amountMinor: true },
    });
    const { needsApproval } = waiverNeedsApproval(
      deps.waiverApprovalThresholdMinor,
      data.amountMinor,
      {
        billMinor: Number(onBill._sum?.amountMinor ?? 0n),
        customerMonthMinor: Number(inMonth._sum?.amountMinor ?? 0n),
      },
    );
    const row = await tx.waiver.create({
      data: {
        id: newId("wav"),
        billId: bill.id,
        amountMinor: BigInt(data.amountMinor),
        reason: data.reason,
        status: needsApproval ? "pending" : "approved",
        requestedBy: caller.actor,
        createdAt: now,
        ...(needsApproval ? {} : { decidedBy: caller.actor, decidedAt: now }),
      },
    });
    if (needsApproval) {
      await writeOutbox(tx, waiverRequested(bill.orgId, bill, waiverView(row)));
    } else {
      await waive(tx, caller.actor, bill, row.id, data.amountMinor, data.reason, now);
    }
    return row;
  });
  deps.outboxWritten();
  return waiverView(waiver);
}

/** Serialises the waiver requests of one customer at a site until commit. */
async function lockCustomerWaivers(tx: Tx, siteId: string, customerId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`waivers:${siteId}:${customerId}`}))`;
}
