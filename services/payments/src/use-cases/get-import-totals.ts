import { importBatchState } from "@slms/db";
import type { Caller } from "@slms/grpc";
import { requireSiteInScope } from "../db/scope.ts";
import type { PaymentsDeps } from "../deps.ts";
import { requireBatchId } from "../domain/fields.ts";
import { DEPOSIT_KIND } from "./import-deposits.ts";

interface ImportedAmount {
  id: string;
  amountMinor: number;
}

/**
 * What payments holds of an import batch, for the importer's reconciliation with the workbook:
 * its deposit entries (count, amounts received, each one's), read from the batch's rows.
 * A batch payments never heard of answers zeros; another site's batch, or a site outside the
 * caller's scope, is NOT_FOUND.
 */
export async function getImportTotals(
  deps: PaymentsDeps,
  caller: Caller,
  siteId: string,
  batchId: string,
): Promise<{
  deposits: number;
  depositsMinor: number;
  depositAmounts: { id: string; amountMinor: number }[];
}> {
  requireSiteInScope(caller, siteId);
  requireBatchId(batchId);
  const totals = { deposits: 0, depositsMinor: 0, depositAmounts: [] as ImportedAmount[] };
  if ((await importBatchState(deps.db, { batchId, orgId: caller.orgId, siteId })) === null)
    return totals;
  const rows = await deps.db.$queryRawUnsafe<{ id: string; minor: bigint }[]>(
    `SELECT e.id, e.amount_minor AS minor
       FROM import_rows r JOIN deposit_entries e ON e.id = r.object_id
      WHERE r.batch_id = $1 AND r.kind = $2
      ORDER BY e.id`,
    batchId,
    DEPOSIT_KIND,
  );
  for (const row of rows) {
    const amountMinor = Number(row.minor);
    totals.deposits += 1;
    totals.depositsMinor += amountMinor;
    totals.depositAmounts.push({ id: row.id, amountMinor });
  }
  return totals;
}
