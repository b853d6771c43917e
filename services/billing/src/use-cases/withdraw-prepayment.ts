import { newId } from "@slms/db";
import { invalid, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { lockCredit, prepaymentBalance } from "../db/ledger.ts";
import type { BillingDeps } from "../deps.ts";
import { id, positiveAmount, reason } from "../domain/fields.ts";
import {
  notOfSite,
  requireCustomerOfSite,
  requireLeaseOfSite,
  requireSiteInScope,
} from "../site-scope.ts";

const input = z.object({
  siteId: id,
  customerId: id,
  leaseId: id.optional(),
  amountMinor: positiveAmount,
  reference: id,
  reason,
});

/**
 * Takes money out of a prepayment balance for a refund; never more than the balance. The
 * customer and lease must be of the request's site (the lease of that customer) — NOT_FOUND
 * naming the field otherwise. Once per reference (the refund's id): a repeat changes nothing
 * and answers the balance; the reference of another site's or customer's refund is NOT_FOUND.
 */
export async function withdrawPrepayment(
  deps: BillingDeps,
  caller: Caller,
  request: z.input<typeof input>,
): Promise<{ remainingMinor: number }> {
  const data = parseInput(input, request, "withdrawal");
  const { siteId } = data;
  requireSiteInScope(caller, siteId);
  await requireCustomerOfSite(deps, caller, siteId, data.customerId);
  if (data.leaseId) {
    await requireLeaseOfSite(deps, caller, siteId, data.leaseId, { customerId: data.customerId });
  }
  const leaseId = data.leaseId ?? null;
  return deps.db.$transaction(async (tx) => {
    await lockCredit(tx, siteId, data.customerId, leaseId);
    const already = await tx.prepaymentEntry.findUnique({
      where: { kind_reference: { kind: "refund", reference: data.reference } },
    });
    if (already) {
      if (
        already.orgId !== caller.orgId ||
        already.siteId !== siteId ||
        already.customerId !== data.customerId ||
        already.leaseId !== leaseId
      ) {
        throw notOfSite("refund", "reference", "is not a refund of this customer at this site");
      }
    } else {
      const balance = await prepaymentBalance(tx, siteId, data.customerId, leaseId);
      if (data.amountMinor > balance) {
        throw invalid("a refund cannot exceed the prepayment balance", [
          { field: "amountMinor", message: `must be at most the balance, ${balance}` },
        ]);
      }
      await tx.prepaymentEntry.create({
        data: {
          id: newId("ppe"),
          orgId: caller.orgId,
          siteId,
          customerId: data.customerId,
          leaseId,
          amountMinor: -BigInt(data.amountMinor),
          kind: "refund",
          reference: data.reference,
        },
      });
    }
    return { remainingMinor: await prepaymentBalance(tx, siteId, data.customerId, leaseId) };
  });
}
