import { conflict, forbidden, notFound, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { lockBills, waive } from "../db/ledger.ts";
import { type WaiverView, waiverApproverRoles, waiverView } from "../db/waivers.ts";
import type { BillingDeps } from "../deps.ts";
import { id, text } from "../domain/fields.ts";
import { requireSiteInScope } from "../site-scope.ts";

const input = z.object({
  siteId: id,
  waiverId: id,
  approve: z.boolean(),
  note: z.string().trim().pipe(text(500)).default(""),
});

/**
 * Approves or rejects a pending waiver. The approver must hold an approver role and must not be
 * the person who asked; an approved waiver is applied only if the bill still has that balance.
 * The waiver must be of the request's site (its bill's site): NOT_FOUND otherwise.
 */
export async function decideWaiver(
  deps: BillingDeps,
  caller: Caller,
  request: z.input<typeof input>,
): Promise<WaiverView> {
  const data = parseInput(input, request, "decision");
  const { siteId, waiverId } = data;
  requireSiteInScope(caller, siteId, "waiver");
  if (!caller.roles.some((role) => (waiverApproverRoles as readonly string[]).includes(role))) {
    throw forbidden("only a site manager, finance or an HQ admin can decide waivers");
  }
  const decided = await deps.db.$transaction(async (tx) => {
    const waiver = await tx.waiver.findUnique({ where: { id: waiverId }, include: { bill: true } });
    if (!waiver || waiver.bill.siteId !== siteId || waiver.bill.orgId !== caller.orgId)
      throw notFound("waiver");
    if (waiver.status !== "pending") throw conflict(`the waiver is already ${waiver.status}`);
    if (waiver.requestedBy === caller.actor)
      throw forbidden("a waiver must be approved by someone other than who asked for it");
    const bill = (await lockBills(tx, [waiver.billId])).get(waiver.billId)!;
    const reason = data.note ? `${waiver.reason} (${data.note})` : waiver.reason;
    if (data.approve) {
      const balance = Number(bill.amountMinor - bill.allocatedMinor - bill.waivedMinor);
      if (Number(waiver.amountMinor) > balance) {
        throw conflict(`the bill's balance is now ${balance}, less than the waiver`, [
          { field: "amountMinor", message: "exceeds the balance" },
        ]);
      }
    }
    const decidedAt = deps.clock();
    const changed = await tx.waiver.updateMany({
      where: { id: waiverId, status: "pending" },
      data: {
        status: data.approve ? "approved" : "rejected",
        decidedBy: caller.actor,
        decidedAt,
      },
    });
    if (changed.count === 0) throw conflict("the waiver was decided meanwhile");
    if (data.approve)
      await waive(tx, caller.actor, bill, waiverId, Number(waiver.amountMinor), reason, decidedAt);
    return tx.waiver.findUniqueOrThrow({ where: { id: waiverId } });
  });
  deps.outboxWritten();
  return waiverView(decided);
}
