import { newId } from "@slms/db";
import { invalid, notFound, parseInput } from "@slms/errors";
import { type Caller, canSeeSite } from "@slms/grpc";
import { z } from "zod";
import { lockBills, waive } from "../db/ledger.ts";
import { type WaiverView, waiverView } from "../db/waivers.ts";
import type { BillingDeps } from "../deps.ts";

const input = z.object({
  billId: z.string().min(1),
  amountMinor: z
    .number()
    .int()
    .positive("must be a positive amount in minor units")
    .max(Number.MAX_SAFE_INTEGER),
  reason: z.string().trim().min(1, "must say why").max(500),
});

/**
 * Waives (part of) a bill's balance with a reason. Up to the approval threshold it applies at
 * once; above it the waiver waits as `pending` for a different user with an approver role.
 */
export async function requestWaiver(
  deps: BillingDeps,
  caller: Caller,
  siteId: string,
  request: z.input<typeof input>,
): Promise<WaiverView> {
  const data = parseInput(input, request, "waiver");
  if (!canSeeSite(caller, siteId)) throw notFound("bill");
  const waiver = await deps.db.$transaction(async (tx) => {
    const bill = (await lockBills(tx, [data.billId])).get(data.billId);
    if (!bill || bill.siteId !== siteId || bill.orgId !== caller.orgId) throw notFound("bill");
    const balance = Number(bill.amountMinor - bill.allocatedMinor - bill.waivedMinor);
    if (data.amountMinor > balance) {
      throw invalid("a waiver cannot exceed the bill's balance", [
        { field: "amountMinor", message: `must be at most the balance, ${balance}` },
      ]);
    }
    const needsApproval = data.amountMinor > deps.waiverApprovalThresholdMinor;
    const row = await tx.waiver.create({
      data: {
        id: newId("wav"),
        billId: bill.id,
        amountMinor: BigInt(data.amountMinor),
        reason: data.reason,
        status: needsApproval ? "pending" : "approved",
        requestedBy: caller.actor,
        ...(needsApproval ? {} : { decidedBy: caller.actor, decidedAt: deps.clock() }),
      },
    });
    if (!needsApproval) await waive(tx, caller.actor, bill, row.id, data.amountMinor, data.reason);
    return row;
  });
  deps.outboxWritten();
  return waiverView(waiver);
}
