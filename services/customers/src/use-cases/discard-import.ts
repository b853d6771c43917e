import { discardImportBatch, type ImportBatchOutcome } from "@slms/db";
import { fieldIssues, invalid } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { deleteImportedCustomers } from "../db/import-customers.ts";
import { requireSiteInScope } from "../db/scope.ts";
import type { CustomersDeps } from "../deps.ts";
import { idIssues } from "../domain/fields.ts";
import { batchId, importKinds } from "../domain/import-rows.ts";

const input = z.object({ batchId });

/**
 * Undoes an import batch's part in this service in one transaction: the customers it registered
 * are removed and their held events dropped — no consumer ever hears of them. Again: nothing
 * more (`discarded`). A batch not heard of yet is recorded discarded, so its rows arriving late
 * are refused. A released batch, or another site's, is a conflict.
 */
export async function discardImport(
  deps: CustomersDeps,
  caller: Caller,
  siteId: string,
  request: z.input<typeof input>,
): Promise<ImportBatchOutcome> {
  const parsed = input.safeParse(request);
  const issues = [...idIssues({ siteId }), ...(parsed.success ? [] : fieldIssues(parsed.error))];
  if (!parsed.success || issues.length > 0) throw invalid("invalid discard", issues);
  requireSiteInScope(caller, siteId);
  const batch = { batchId: parsed.data.batchId, orgId: caller.orgId, siteId };
  return discardImportBatch(deps.db, batch, (tx, made) =>
    deleteImportedCustomers(tx, batch, made.get(importKinds.customer) ?? []),
  );
}
