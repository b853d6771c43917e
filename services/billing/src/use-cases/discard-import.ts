import { discardImportBatch, type ImportBatchOutcome } from "@slms/db";
import { conflict, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { deleteOpeningBalances, ImportKinds, touchedSinceImport } from "../db/opening-balances.ts";
import type { BillingDeps } from "../deps.ts";
import { id } from "../domain/fields.ts";
import { requireSiteInScope } from "../site-scope.ts";

const input = z.object({ siteId: id, batchId: id });

/**
 * Discards billing's part of an import batch in one transaction: its opening bills and opening
 * prepayment credits are deleted and their held events dropped, never heard of. Again: nothing
 * more. Refused — a conflict naming `batchId`, nothing removed — once anything happened to them
 * (a payment or credit put against a bill, a waiver, a late fee, the credit spent), and for a
 * released batch (its events were heard) or another site's. A batch billing never heard of is
 * recorded discarded, so a row of it arriving late is refused. A site outside the caller's scope
 * is NOT_FOUND.
 */
export async function discardImport(
  deps: BillingDeps,
  caller: Caller,
  request: z.input<typeof input>,
): Promise<ImportBatchOutcome> {
  const { siteId, batchId } = parseInput(input, request, "discard");
  requireSiteInScope(caller, siteId);
  const batch = { batchId, orgId: caller.orgId, siteId };
  return discardImportBatch(deps.db, batch, async (tx, made) => {
    const billIds = made.get(ImportKinds.bill) ?? [];
    const creditIds = made.get(ImportKinds.prepayment) ?? [];
    if (await touchedSinceImport(tx, billIds, creditIds))
      throw conflict("the import's opening balances were used since", [
        {
          field: "batchId",
          message: "has bills or prepayments paid, waived, charged late fees or spent since",
        },
      ]);
    await deleteOpeningBalances(tx, billIds, creditIds);
  });
}
