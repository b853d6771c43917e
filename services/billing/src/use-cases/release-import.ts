import { type ImportBatchOutcome, releaseImportBatch } from "@slms/db";
import { parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import type { BillingDeps } from "../deps.ts";
import { id } from "../domain/fields.ts";
import { requireSiteInScope } from "../site-scope.ts";

const input = z.object({ siteId: id, batchId: id });

/**
 * Releases billing's part of an import batch: the held `billing.bill.issued` of its opening
 * bills go to the relay, once (every part of the import went in). Again: nothing more. A
 * discarded batch is a conflict naming `batchId`, so is another site's; a batch billing never
 * heard of is `unknown` (its part had no rows). A site outside the caller's scope is NOT_FOUND.
 */
export async function releaseImport(
  deps: BillingDeps,
  caller: Caller,
  request: z.input<typeof input>,
): Promise<ImportBatchOutcome> {
  const { siteId, batchId } = parseInput(input, request, "release");
  requireSiteInScope(caller, siteId);
  const outcome = await releaseImportBatch(deps.db, { batchId, orgId: caller.orgId, siteId });
  deps.outboxWritten();
  return outcome;
}
