import { conflict } from "@slms/errors";
import type { PaymentsDeps, Tx } from "../deps.ts";

// Payments' side of import batches (@slms/db imports.ts): what the shared helpers leave to the
// service — a batch is of one site, and calls of one batch take turns.

/**
 * Refuses a batch id that this service holds for another site or organisation, as
 * `openImportBatch` does: the release and discard helpers of @slms/db find a batch by id and
 * organisation only, so through this site they would reach another site's objects. A batch not
 * held yet passes (release answers `unknown`, discard records it discarded).
 */
export async function requireBatchOfSite(
  db: PaymentsDeps["db"] | Tx,
  batch: { batchId: string; orgId: string; siteId: string },
): Promise<void> {
  const [row] = await db.$queryRawUnsafe<{ org_id: string; site_id: string }[]>(
    `SELECT org_id, site_id FROM import_batches WHERE batch_id = $1`,
    batch.batchId,
  );
  if (row && (row.org_id !== batch.orgId || row.site_id !== batch.siteId))
    throw conflict("the import batch belongs to another site", [
      { field: "batchId", message: "is another site's import" },
    ]);
}

/**
 * Serialises the calls of one batch until commit: a call sent again while the first is still
 * running (a client's retry) waits, then finds every row made instead of racing to make them.
 */
export async function lockBatchCalls(tx: Tx, batchId: string): Promise<void> {
  await tx.$executeRawUnsafe(
    `SELECT pg_advisory_xact_lock(hashtext('import:' || $1::text))`,
    batchId,
  );
}
