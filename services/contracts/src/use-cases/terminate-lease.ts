import { writeOutbox } from "@slms/db";
import { conflict, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { refuseHeldImport } from "../db/held-imports.ts";
import { findLease, type LeaseView, toDbDate } from "../db/leases.ts";
import type { ContractsDeps } from "../deps.ts";
import { type TerminationSettlement, terminationSettlement } from "../domain/termination.ts";
import { leaseTerminated } from "../events/lease-events.ts";
import { civilDateInput, reasonInput } from "../input/fields.ts";
import { releaseHolds } from "./release-holds.ts";

const input = z.object({
  terminationDate: civilDateInput,
  reason: reasonInput,
});

/**
 * Ends an active lease early. The lease turns terminated with its penalty and
 * `contracts.lease.terminated` (the settlement: prorated final periods, dropped periods,
 * penalty, deposit) in one transaction; then its units are released from the next day. If the
 * release fails the lease stays marked `releasePending` and the lease job retries it; repeating
 * the termination with the same date retries it at once. A lease of an import not released yet
 * cannot be terminated (`refuseHeldImport`).
 */
export async function terminateLease(
  deps: ContractsDeps,
  caller: Caller,
  siteId: string,
  leaseId: string,
  request: z.input<typeof input>,
): Promise<{ lease: LeaseView; settlement: TerminationSettlement }> {
  const data = parseInput(input, request, "termination");
  const lease = await findLease(deps.db, caller, siteId, leaseId);
  if (lease.status === "terminated" && lease.terminationDate === data.terminationDate) {
    const settlement = terminationSettlement(lease, lease.versions, data.terminationDate);
    await releaseHolds(deps, caller, lease);
    return { lease: await findLease(deps.db, caller, siteId, leaseId), settlement };
  }
  if (lease.status !== "active") throw conflict(`a ${lease.status} lease cannot be terminated`);
  if (lease.successorId)
    throw conflict(`the lease was renewed by ${lease.successorId}; terminate or amend that one`);
  await refuseHeldImport(deps.db, leaseId);
  const settlement = terminationSettlement(lease, lease.versions, data.terminationDate);
  const terminated = await deps.db.$transaction(async (tx) => {
    const changed = await tx.lease.updateMany({
      where: { id: leaseId, siteId, status: "active" },
      data: {
        status: "terminated",
        terminationDate: toDbDate(data.terminationDate),
        terminationReason: data.reason,
        penaltyMinor: BigInt(settlement.penaltyMinor),
        releasePending: true,
        endedAt: deps.clock(),
      },
    });
    if (changed.count === 0) throw conflict("the lease changed meanwhile; reload and retry");
    const now = await findLease(tx, caller, siteId, leaseId);
    await writeOutbox(tx, leaseTerminated(caller, now, data.reason, settlement));
    return now;
  });
  deps.outboxWritten();
  await releaseHolds(deps, caller, terminated);
  return { lease: await findLease(deps.db, caller, siteId, leaseId), settlement };
}
