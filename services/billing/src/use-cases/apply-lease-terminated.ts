import type { LeaseTerminatedV1 } from "@slms/contracts";
import { parseInput } from "@slms/errors";
import { toDbDate } from "@slms/primitives/zoned";
import { z } from "zod";
import { reschedule } from "../db/lease-schedule.ts";
import { issueBill } from "../db/ledger.ts";
import type { BillingDeps } from "../deps.ts";
import { amount, date, scheduleLine, text } from "../domain/fields.ts";
import { applyLeaseEventOnce, type LeaseEvent } from "./lease-event-inbox.ts";

const bounded = z.object({
  terminationDate: date,
  penaltyMinor: amount,
  schedule: z.array(scheduleLine),
  // Becomes the penalty bill's note.
  reason: text(10_000),
});

/**
 * `contracts.lease.terminated`: the lease ends on the termination date. Its schedule is cut
 * there (as contracts sends it, the final period prorated): billed periods after the date are
 * credited in full and the final one down to its prorated amount (credit notes; what a paid
 * bill cannot absorb becomes prepayment), pending lines after it are cancelled, and the penalty
 * is billed (once, due on the termination date). Once per event; out-of-bounds amounts or dates,
 * or a reason that cannot be stored, are refused (`invalid`).
 */
export async function applyLeaseTerminated(
  deps: BillingDeps,
  event: LeaseEvent<LeaseTerminatedV1>,
): Promise<boolean> {
  parseInput(bounded, event.data, `event ${event.type}`);
  const data = event.data;
  return applyLeaseEventOnce(deps, event, async (tx, actor) => {
    const lease = await tx.billingLease.update({
      where: { id: data.leaseId },
      data: { status: "terminated", terminationDate: toDbDate(data.terminationDate) },
    });
    await reschedule(
      tx,
      actor,
      event.orgId,
      { ...data, currency: lease.currency },
      {
        reason: `lease terminated on ${data.terminationDate}`,
        tag: "termination",
        droppedAfter: data.terminationDate,
      },
    );
    if (data.penaltyMinor > 0) {
      await issueBill(tx, actor, {
        dedupeKey: `penalty:${data.leaseId}`,
        orgId: event.orgId,
        siteId: data.siteId,
        leaseId: data.leaseId,
        customerId: data.customerId,
        feeCode: "penalty",
        kind: "penalty",
        periodStart: data.terminationDate,
        periodEnd: data.terminationDate,
        issueDate: data.terminationDate,
        dueDate: data.terminationDate,
        currency: lease.currency,
        amountMinor: data.penaltyMinor,
        note: data.reason,
      });
    }
  });
}
