import { type ImportBatchOutcome, releaseImportBatch } from "@slms/db";
import type { Caller } from "@slms/grpc";
import { requireSiteInScope } from "../db/scope.ts";
import type { PaymentsDeps } from "../deps.ts";
import { requireBatchId } from "../domain/fields.ts";

/**
 * Releases payments' part of an import batch: the held `payments.deposit.received` of its
 * deposits go to the relay, once (every part of the import went in). Again: nothing more. A
 * discarded batch is a conflict naming `batchId`, so is another site's; a batch payments never
 * heard of is `unknown` (its part had no rows). A site outside the caller's scope is NOT_FOUND.
 */
export async function releaseImport(
  deps: PaymentsDeps,
  caller: Caller,
  siteId: string,
  batchId: string,
): Promise<ImportBatchOutcome> {
  requireSiteInScope(caller, siteId);
  requireBatchId(batchId);
  const outcome = await releaseImportBatch(deps.db, { batchId, orgId: caller.orgId, siteId });
  deps.outboxWritten();
  return outcome;
}
