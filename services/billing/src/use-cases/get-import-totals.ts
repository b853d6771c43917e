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
  /** Each opening bill's and credit's amount (id → minor units). */
  billAmounts: { id: string; amountMinor: number }[];
  prepaymentAmounts: { id: string; amountMinor: number }[];
}

/**
 * What billing holds of an import batch, for the importer's reconciliation with the workbook:
 * its opening bills (count, amounts as issued, by fee code, and each one's) and opening
 * prepayment credits (count, amounts, each one's), read in the database from the batch's rows. A batch billing never heard of
 * answers zeros; another site's batch, or a site outside the caller's scope, is NOT_FOUND.
 */
export async function getImportTotals(
  deps: BillingDeps,
  caller: Caller,
  request: z.input<typeof input>,
): Promise<ImportTotals> {
  const { siteId, batchId } = parseInput(input, request, "request");
  requireSiteInScope(caller, siteId);
  const totals: ImportTotals = {
    bills: 0,
    billsMinor: 0,
    billsByFeeCode: {},
    prepayments: 0,
    prepaymentsMinor: 0,
    billAmounts: [],
    prepaymentAmounts: [],
  };
  if ((await importBatchState(deps.db, { batchId, orgId: caller.orgId, siteId })) === null)
    return totals;
  const bills = await deps.db.$queryRawUnsafe<{ id: string; fee_code: string; minor: bigint }[]>(
    `SELECT b.id, b.fee_code, b.amount_minor AS minor
       FROM import_rows r JOIN bills b ON b.id = r.object_id
      WHERE r.batch_id = $1 AND r.kind = $2
      ORDER BY b.id`,
    batchId,
    ImportKinds.bill,
  );
  for (const bill of bills) {
    const amountMinor = Number(bill.minor);
    totals.bills += 1;
    totals.billsMinor += amountMinor;
    totals.billsByFeeCode[bill.fee_code] =
      (totals.billsByFeeCode[bill.fee_code] ?? 0) + amountMinor;
    totals.billAmounts.push({ id: bill.id, amountMinor });
  }
  const credits = await deps.db.$queryRawUnsafe<{ id: string; minor: bigint }[]>(
    `SELECT p.id, p.amount_minor AS minor
       FROM import_rows r JOIN prepayment_entries p ON p.id = r.object_id
      WHERE r.batch_id = $1 AND r.kind = $2
      ORDER BY p.id`,
    batchId,
    ImportKinds.prepayment,
  );
  for (const credit of credits) {
    const amountMinor = Number(credit.minor);
    totals.prepayments += 1;
    totals.prepaymentsMinor += amountMinor;
    totals.prepaymentAmounts.push({ id: credit.id, amountMinor });
  }
  return totals;
}
