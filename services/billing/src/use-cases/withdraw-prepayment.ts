import { newId } from "@slms/db";
import { invalid, notFound, parseInput } from "@slms/errors";
import { type Caller, canSeeSite } from "@slms/grpc";
import { z } from "zod";
import { lockCredit, prepaymentBalance } from "../db/ledger.ts";
import type { BillingDeps } from "../deps.ts";

const input = z.object({
  customerId: z.string().min(1),
  leaseId: z.string().optional(),
  amountMinor: z
    .number()
    .int()
    .positive("must be a positive amount in minor units")
    .max(Number.MAX_SAFE_INTEGER),
  reference: z.string().min(1),
  reason: z.string().trim().min(1, "must say why").max(500),
});

/**
 * Takes money out of a prepayment balance for a refund; never more than the balance. Once per
 * reference (the refund's id): a repeat changes nothing and answers the balance.
 */
export async function withdrawPrepayment(
  deps: BillingDeps,
  caller: Caller,
  siteId: string,
  request: z.input<typeof input>,
): Promise<{ remainingMinor: number }> {
  const data = parseInput(input, request, "withdrawal");
  if (!canSeeSite(caller, siteId)) throw notFound("site");
  const leaseId = data.leaseId ?? null;
  return deps.db.$transaction(async (tx) => {
    await lockCredit(tx, siteId, data.customerId, leaseId);
    const already = await tx.prepaymentEntry.findUnique({
      where: { kind_reference: { kind: "refund", reference: data.reference } },
    });
    if (!already) {
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
