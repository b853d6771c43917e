import { discardImportBatch, type ImportBatchOutcome } from "@slms/db";
import { conflict } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { deleteDepositEntries, depositsTouchedSince } from "../db/deposit-import.ts";
import { requireSiteInScope } from "../db/scope.ts";
import type { PaymentsDeps } from "../deps.ts";
import { requireBatchId } from "../domain/fields.ts";
import { DEPOSIT_KIND } from "./import-deposits.ts";

/**
 * Discards payments' part of an import batch in one transaction: its deposit entries are
 * deleted (and the accounts they alone opened), their held events dropped, never heard of.
 * Again: nothing more. Refused — a conflict naming `batchId`, nothing removed — once a deposit
 * of the batch moved on (its lease took another deposit or was settled), and for a released
 * batch (its events were heard) or another site's. A batch payments never heard of is recorded
 * discarded, so a row of it arriving late is refused. A site outside the caller's scope is
 * NOT_FOUND.
 */
export async function discardImport(
  deps: PaymentsDeps,
  caller: Caller,
  siteId: string,
  batchId: string,
): Promise<ImportBatchOutcome> {
  requireSiteInScope(caller, siteId);
  requireBatchId(batchId);
  const batch = { batchId, orgId: caller.orgId, siteId };
  return discardImportBatch(deps.db, batch, async (tx, made) => {
    const entryIds = made.get(DEPOSIT_KIND) ?? [];
    if (await depositsTouchedSince(tx, entryIds))
      throw conflict("the import's deposits moved on since", [
        { field: "batchId", message: "has deposits settled or added to since" },
      ]);
    await deleteDepositEntries(tx, entryIds);
  });
}
