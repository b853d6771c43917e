import { type ImportBatchOutcome, releaseImportBatch } from "@slms/db";
import { fieldIssues, invalid } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { requireSiteInScope } from "../db/scope.ts";
import type { CustomersDeps } from "../deps.ts";
import { idIssues } from "../domain/fields.ts";
import { batchId } from "../domain/import-rows.ts";

const input = z.object({ batchId });

/**
 * Lets the relay publish the held events of an import batch's part in this service: every part
 * of the import went in. Again: nothing more (`released`). A batch this service never heard of
 * is `unknown`; a discarded batch, or another site's, is a conflict.
 */
export async function releaseImport(
  deps: CustomersDeps,
  caller: Caller,
  siteId: string,
  request: z.input<typeof input>,
): Promise<ImportBatchOutcome> {
  const parsed = input.safeParse(request);
  const issues = [...idIssues({ siteId }), ...(parsed.success ? [] : fieldIssues(parsed.error))];
  if (!parsed.success || issues.length > 0) throw invalid("invalid release", issues);
  requireSiteInScope(caller, siteId);
  const batch = { batchId: parsed.data.batchId, orgId: caller.orgId, siteId };
  const outcome = await releaseImportBatch(deps.db, batch);
  deps.outboxWritten();
  return outcome;
}
