import { conflict } from "@slms/errors";
import type { CustomersDeps } from "../deps.ts";

/**
 * Refuses a batch of this organisation that another site opened (releasing or discarding it
 * names its own site): the batch helpers of @slms/db find a batch by id and organisation only.
 */
export async function requireBatchOfSite(
  db: CustomersDeps["db"],
  batch: { batchId: string; orgId: string; siteId: string },
): Promise<void> {
  const [row] = await db.$queryRawUnsafe<{ site_id: string }[]>(
    `SELECT site_id FROM import_batches WHERE batch_id = $1 AND org_id = $2`,
    batch.batchId,
    batch.orgId,
  );
  if (row && row.site_id !== batch.siteId) {
    throw conflict("the import batch belongs to another site", [
      { field: "batchId", message: "is another site's import" },
    ]);
  }
}
