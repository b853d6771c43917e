import type { Caller } from "@slms/grpc";
import { addDays } from "@slms/primitives/civil-date";
import type { LeaseView } from "../db/leases.ts";
import type { ContractsDeps } from "../deps.ts";

/**
 * Releases an ended lease's units in the assets service from the day after its last day and
 * clears `releasePending`. Returns whether that worked; a failure is logged and stays pending
 * for the lease job to retry (releasing is idempotent).
 */
export async function releaseHolds(
  deps: ContractsDeps,
  caller: Caller,
  lease: LeaseView,
): Promise<boolean> {
  try {
    await deps.assets.ReleaseUnits(
      {
        siteId: lease.siteId,
        leaseId: lease.id,
        releaseFrom: addDays(lease.terminationDate ?? lease.endDate, 1),
      },
      { caller },
    );
    await deps.db.lease.update({ where: { id: lease.id }, data: { releasePending: false } });
    return true;
  } catch (error) {
    deps.logger.error(
      { err: error, leaseId: lease.id },
      "releasing units failed; the lease job will retry",
    );
    return false;
  }
}
