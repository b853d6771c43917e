import type { Caller } from "@slms/grpc";
import { findLease, type LeaseView } from "../db/leases.ts";
import type { ContractsDeps } from "../deps.ts";

export function getLease(
  deps: ContractsDeps,
  caller: Caller,
  siteId: string,
  leaseId: string,
): Promise<LeaseView> {
  return findLease(deps.db, caller, siteId, leaseId);
}
