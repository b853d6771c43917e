import type { LeaseExpiredV1 } from "@slms/contracts";
import type { BillingDeps } from "../deps.ts";
import { applyLeaseEventOnce, type LeaseEvent } from "./lease-event-inbox.ts";

/**
 * `contracts.lease.expired`: an active lease reached its end date and is marked expired (its
 * schedule ended with it; bills already issued stay owed). A lease terminated before is left
 * as it is. Once per event.
 */
export async function applyLeaseExpired(
  deps: BillingDeps,
  event: LeaseEvent<LeaseExpiredV1>,
): Promise<boolean> {
  return applyLeaseEventOnce(deps, event, async (tx) => {
    await tx.billingLease.updateMany({
      where: { id: event.data.leaseId, status: "active" },
      data: { status: "expired" },
    });
  });
}
