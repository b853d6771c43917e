import { writeOutbox } from "@slms/db";
import { conflict } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { findLease, type LeaseView } from "../db/leases.ts";
import type { ContractsDeps } from "../deps.ts";
import { buildSchedule } from "../domain/schedule.ts";
import { leaseActivated } from "../events/lease-events.ts";

/**
 * Draft → active. First the assets service holds the units for the lease dates — the one place
 * that decides, under row locks, that no unit is leased twice; a conflict there is this call's
 * conflict. Then the lease turns active and `contracts.lease.activated` (terms and schedule) is
 * written in one transaction. Activating an active lease returns it unchanged; a retry after a
 * failure finds the hold already in place.
 */
export async function activateLease(
  deps: ContractsDeps,
  caller: Caller,
  siteId: string,
  leaseId: string,
): Promise<LeaseView> {
  const lease = await findLease(deps.db, caller, siteId, leaseId);
  if (lease.status === "active") return lease;
  if (lease.status !== "draft") throw conflict(`a ${lease.status} lease cannot be activated`);
  await deps.assets.HoldUnits(
    { siteId, leaseId, unitIds: lease.unitIds, fromDate: lease.startDate, toDate: lease.endDate },
    { caller },
  );
  const activated = await deps.db.$transaction(async (tx) => {
    const changed = await tx.lease.updateMany({
      where: { id: leaseId, siteId, status: "draft" },
      data: { status: "active", activatedAt: deps.clock() },
    });
    const now = await findLease(tx, caller, siteId, leaseId);
    if (changed.count === 1) {
      await writeOutbox(tx, leaseActivated(caller, now, buildSchedule(now, now.versions)));
    }
    return now;
  });
  deps.outboxWritten();
  return activated;
}
