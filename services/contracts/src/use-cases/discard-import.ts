import { discardImportBatch, type ImportBatchOutcome } from "@slms/db";
import { notFound, parseInput } from "@slms/errors";
import { type Caller, canSeeSite } from "@slms/grpc";
import { deleteImportedLeases } from "../db/lease-import.ts";
import type { ContractsDeps } from "../deps.ts";
import { importBatchInput } from "../input/fields.ts";
import { leaseImportKind } from "./import-leases.ts";

/**
 * Undoes an import batch's part in this service in one transaction: the leases it made are
 * removed with their units, terms versions and alerts (contracts stores no schedule: it is
 * computed), and their held events dropped — no consumer ever hears of them. The units' holds are
 * assets' part of the batch, discarded there by the importer. Again: nothing more (`discarded`).
 * A batch not heard of yet is recorded discarded, so its rows arriving late are refused. A
 * released batch, or another site's, is a conflict; a site outside the caller's scope is not
 * found.
 */
export async function discardImport(
  deps: ContractsDeps,
  caller: Caller,
  siteId: string,
  request: { batchId: string },
): Promise<ImportBatchOutcome> {
  const { batchId } = parseInput(importBatchInput, { ...request, siteId }, "discard");
  if (!canSeeSite(caller, siteId)) throw notFound("site");
  const batch = { batchId, orgId: caller.orgId, siteId };
  return discardImportBatch(deps.db, batch, (tx, made) =>
    deleteImportedLeases(tx, siteId, made.get(leaseImportKind) ?? []),
  );
}
