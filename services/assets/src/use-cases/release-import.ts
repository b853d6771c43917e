import { type ImportBatchOutcome, releaseImportBatch } from "@slms/db";
import { parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { findSiteInScope } from "../db/scope.ts";
import type { AssetsDeps } from "../deps.ts";
import { batchId } from "../domain/import-rows.ts";

const input = z.object({ batchId });

/**
 * Lets the relay publish the held events of an import batch's part in this service: every part
 * of the import went in. Again: nothing more (`released`). A batch this service never heard of
 * is `unknown`; a discarded batch, or another site's, is a conflict.
 */
export async function releaseImport(
  deps: AssetsDeps,
  caller: Caller,
  siteId: string,
  request: z.input<typeof input>,
): Promise<ImportBatchOutcome> {
  const data = parseInput(input, request, "release");
  await findSiteInScope(deps.db, caller, siteId);
  const batch = { batchId: data.batchId, orgId: caller.orgId, siteId };
  const outcome = await releaseImportBatch(deps.db, batch);
  deps.outboxWritten();
  return outcome;
}
