import type { ImportBatchScope } from "@slms/db";
import { conflict, notFound } from "@slms/errors";
import { type Caller, canSeeSite } from "@slms/grpc";
import type { ContractsDeps } from "../deps.ts";

/**
 * The site is in the caller's scope (else not found) and the batch, if this service has heard
 * of it, is that site's: another site's or organisation's batch is a conflict, as
 * `openImportBatch` says when rows are added to it. The release and discard helpers of
 * `@slms/db` find a batch by id and organisation only, so this check comes first.
 */
export async function requireBatchOfSite(
  db: ContractsDeps["db"],
  caller: Caller,
  batch: ImportBatchScope,
): Promise<void> {
  if (!canSeeSite(caller, batch.siteId)) throw notFound("site");
  const [owner] = await db.$queryRawUnsafe<{ org_id: string; site_id: string }[]>(
    `SELECT org_id, site_id FROM import_batches WHERE batch_id = $1`,
    batch.batchId,
  );
  if (owner && (owner.org_id !== batch.orgId || owner.site_id !== batch.siteId))
    throw conflict("the import batch belongs to another site", [
      { field: "batchId", message: "is another site's import" },
    ]);
}
