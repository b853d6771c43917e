import { importBatchState } from "@slms/db";
import type { Caller } from "@slms/grpc";
import { requireSiteInScope } from "../db/scope.ts";
import type { PaymentsDeps } from "../deps.ts";
import { requireBatchId } from "../domain/fields.ts";
import { DEPOSIT_KIND } from "./import-deposits.ts";

/**
 * What payments holds of an import batch, for the importer's reconciliation with the workbook:
 * its deposit entries (count, amounts received), summed in the database from the batch's rows.
 * A batch payments never heard of answers zeros; another site's batch, or a site outside the
 * caller's scope, is NOT_FOUND.
 */
export async function getImportTotals(
  deps: PaymentsDeps,
  caller: Caller,
  siteId: string,
  batchId: string,
): Promise<{ deposits: number; depositsMinor: number }> {
  requireSiteInScope(caller, siteId);
  requireBatchId(batchId);
  if ((await importBatchState(deps.db, { batchId, orgId: caller.orgId, siteId })) === null)
    return { deposits: 0, depositsMinor: 0 };
  const [row] = await deps.db.$queryRawUnsafe<{ n: number; minor: bigint | null }[]>(
    `SELECT count(*)::int AS n, sum(e.amount_minor)::bigint AS minor
       FROM import_rows r JOIN deposit_entries e ON e.id = r.object_id
      WHERE r.batch_id = $1 AND r.kind = $2`,
    batchId,
    DEPOSIT_KIND,
  );
  return { deposits: row?.n ?? 0, depositsMinor: Number(row?.minor ?? 0) };
}
