import { importBatchState } from "@slms/db";
import { parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { ImportKinds } from "../db/opening-balances.ts";
import type { BillingDeps } from "../deps.ts";
import { id } from "../domain/fields.ts";
import { requireSiteInScope } from "../site-scope.ts";

const input = z.object({ siteId: id, batchId: id });

export interface ImportTotals {
  bills: number;
  billsMinor: number;
  billsByFeeCode: Record<string, number>;
  prepayments: number;
  prepaymentsMinor: number;
}

/**
 * What billing holds of an import batch, for the importer's reconciliation with the workbook:
 * its opening bills (count, amounts as issued, by fee code) and opening prepayment credits
 * (count, amounts), summed in the database from the batch's rows. A batch billing never heard of
 * answers zeros; another site's batch, or a site outside the caller's scope, is NOT_FOUND.
 */
export async function getImportTotals(
  deps: BillingDeps,
  caller: Caller,
  request: z.input<typeof input>,
): Promise<ImportTotals> {
  const { siteId, batchId } = parseInput(input, request, "request");
  requireSiteInScope(caller, siteId);
  const totals = {
    bills: 0,
    billsMinor: 0,
    billsByFeeCode: {} as Record<string, number>,
    prepayments: 0,
    prepaymentsMinor: 0,
  };
  if ((await importBatchState(deps.db, { batchId, orgId: caller.orgId, siteId })) === null)
    return totals;
  const bills = await deps.db.$queryRawUnsafe<{ fee_code: string; n: number; minor: bigint }[]>(
    `SELECT b.fee_code, count(*)::int AS n, sum(b.amount_minor)::bigint AS minor
       FROM import_rows r JOIN bills b ON b.id = r.object_id
      WHERE r.batch_id = $1 AND r.kind = $2
      GROUP BY b.fee_code ORDER BY b.fee_code`,
    batchId,
    ImportKinds.bill,
  );
  for (const row of bills) {
    totals.bills += row.n;
    totals.billsMinor += Number(row.minor);
    totals.billsByFeeCode[row.fee_code] = Number(row.minor);
  }
  const [credits] = await deps.db.$queryRawUnsafe<{ n: number; minor: bigint | null }[]>(
    `SELECT count(*)::int AS n, sum(p.amount_minor)::bigint AS minor
       FROM import_rows r JOIN prepayment_entries p ON p.id = r.object_id
      WHERE r.batch_id = $1 AND r.kind = $2`,
    batchId,
    ImportKinds.prepayment,
  );
  totals.prepayments = credits?.n ?? 0;
  totals.prepaymentsMinor = Number(credits?.minor ?? 0);
  return totals;
}
