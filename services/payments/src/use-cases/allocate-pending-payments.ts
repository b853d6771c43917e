import type { Caller } from "@slms/grpc";
import { allocateIfPending } from "../db/allocation.ts";
import type { PaymentsDeps } from "../deps.ts";

/** Gives billing this long to answer the request that recorded a payment before the job steps in. */
const graceMs = 10_000;

/**
 * Allocates payments billing has not answered for yet (it was unreachable when they were
 * recorded), oldest first, up to `limit`. Safe on every replica at once: each payment is locked
 * while it is allocated, others pass over it, and billing allocates a payment id once.
 */
export async function allocatePendingPayments(
  deps: PaymentsDeps,
  limit = 200,
): Promise<{ allocated: number; pending: number; failed: number }> {
  const due = await deps.db.payment.findMany({
    where: {
      status: "recorded",
      allocationStatus: "pending",
      createdAt: { lt: new Date(deps.clock().getTime() - graceMs) },
    },
    // Fewest attempts first, so a payment billing keeps turning down cannot starve the others.
    orderBy: [{ allocationAttempts: "asc" }, { createdAt: "asc" }],
    take: limit,
    select: { id: true, orgId: true, siteId: true },
  });
  const counts = { allocated: 0, pending: 0, failed: 0 };
  for (const payment of due) {
    const caller: Caller = {
      actor: "system:payment-allocation",
      orgId: payment.orgId,
      siteIds: [payment.siteId],
      roles: ["system"],
    };
    const outcome = await allocateIfPending(deps, caller, payment.id, { skipLocked: true });
    if (outcome === "allocated" || outcome === "pending" || outcome === "failed") counts[outcome]++;
  }
  return counts;
}
