import type { Caller } from "@slms/grpc";
import { findLease } from "../db/leases.ts";
import type { ContractsDeps } from "../deps.ts";
import { buildSchedule } from "../domain/schedule.ts";
import type { ScheduledCharge } from "../domain/terms.ts";

/** The periods and amounts the lease bills: every version, cut at the termination date if any. */
export async function getLeaseSchedule(
  deps: ContractsDeps,
  caller: Caller,
  siteId: string,
  leaseId: string,
): Promise<ScheduledCharge[]> {
  const lease = await findLease(deps.db, caller, siteId, leaseId);
  const dates = { startDate: lease.startDate, endDate: lease.terminationDate ?? lease.endDate };
  return buildSchedule(
    dates,
    lease.versions.filter((v) => v.effectiveFrom <= dates.endDate),
  );
}
