import { discardImportBatch, type ImportBatchOutcome } from "@slms/db";
import { parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { removeImported } from "../db/remove-imported.ts";
import { findSiteInScope } from "../db/scope.ts";
import type { AssetsDeps } from "../deps.ts";
import { batchId } from "../domain/import-rows.ts";

const input = z.object({ batchId });

/**
 * Undoes an import batch's part in this service in one transaction: its holds removed and the
 * unit statuses they changed put back, its units and the buildings it made removed
 * (remove-imported.ts), its held events dropped — no consumer ever hears of them. Again: nothing
 * more (`discarded`). A batch not heard of yet is recorded discarded, so its rows arriving late
 * are refused. A released batch, or another site's, is a conflict.
 */
export async function discardImport(
  deps: AssetsDeps,
  caller: Caller,
  siteId: string,
  request: z.input<typeof input>,
): Promise<ImportBatchOutcome> {
  const data = parseInput(input, request, "discard");
  await findSiteInScope(deps.db, caller, siteId);
  const batch = { batchId: data.batchId, orgId: caller.orgId, siteId };
  return discardImportBatch(deps.db, batch, removeImported);
}
