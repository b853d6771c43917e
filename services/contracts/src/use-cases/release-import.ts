import { type ImportBatchOutcome, releaseImportBatch } from "@slms/db";
import { notFound, parseInput } from "@slms/errors";
import { type Caller, canSeeSite } from "@slms/grpc";
import type { ContractsDeps } from "../deps.ts";
import { importBatchInput } from "../input/fields.ts";

/**
 * Lets the relay publish the held events of an import batch's part in this service (every part
 * of the import went in): the leases' `contracts.lease.activated`, once. Again: nothing more
 * (`released`). A batch this service never heard of is `unknown`; a discarded batch, or another
 * site's, is a conflict; a site outside the caller's scope is not found.
 */
export async function releaseImport(
  deps: ContractsDeps,
  caller: Caller,
  siteId: string,
  request: { batchId: string },
): Promise<ImportBatchOutcome> {
  const { batchId } = parseInput(importBatchInput, { ...request, siteId }, "release");
  if (!canSeeSite(caller, siteId)) throw notFound("site");
  const batch = { batchId, orgId: caller.orgId, siteId };
  const outcome = await releaseImportBatch(deps.db, batch);
  deps.outboxWritten();
  return outcome;
}
