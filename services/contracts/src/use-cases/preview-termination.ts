import { conflict, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { findLease } from "../db/leases.ts";
import type { ContractsDeps } from "../deps.ts";
import { type TerminationSettlement, terminationSettlement } from "../domain/termination.ts";
import { civilDateInput } from "../input/fields.ts";

/** What terminating an active lease on a date would settle; nothing changes. */
export async function previewTermination(
  deps: ContractsDeps,
  caller: Caller,
  siteId: string,
  leaseId: string,
  request: { terminationDate: string },
): Promise<TerminationSettlement> {
  const { terminationDate } = parseInput(
    z.object({ terminationDate: civilDateInput }),
    request,
    "preview",
  );
  const lease = await findLease(deps.db, caller, siteId, leaseId);
  if (lease.status !== "active") throw conflict(`a ${lease.status} lease cannot be terminated`);
  return terminationSettlement(lease, lease.versions, terminationDate);
}
