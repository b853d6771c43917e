import { EventTypes } from "@slms/contracts";
import {
  type ImportBatchOutcome,
  type ImportedObjects,
  rollBackImportBatch,
  type TransactionalClient,
} from "@slms/db";
import { conflict, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { deleteOpeningBalances, ImportKinds, usesSinceImport } from "../db/opening-balances.ts";
import { holdSiteLeases, leasesElsewhere, removeLeases } from "../db/removed-leases.ts";
import type { BillingDeps, Tx } from "../deps.ts";
import { id } from "../domain/fields.ts";
import { notOfSite, requireSiteInScope } from "../site-scope.ts";

/** Ids each list takes at most: as many as an import call's rows. */
const MAX_IDS = 10_000;
const ids = z.array(id).max(MAX_IDS, `must list at most ${MAX_IDS} ids`).default([]);

const input = z.object({
  siteId: id,
  batchId: id,
  checkOnly: z.boolean().default(false),
  leaseIds: ids,
  customerIds: ids,
});

/** How many of the uses found a refusal names (the rest are "and more"). */
const NAMED = 5;

/** A rollback may delete as much as an import wrote: its transaction may run as long. */
const TIMEOUT_MS = 120_000;

/**
 * Rolls back billing's part of a committed (released) import batch as a whole, in one
 * transaction (`rollBackImportBatch`): the batch's opening bills and prepayment credits are
 * deleted, billing's copy of the import's leases (`leaseIds`) and their schedules are removed and
 * tombstoned — a `contracts.lease.*` event of theirs still on its way then changes nothing
 * (db/removed-leases.ts) —, and `billing.import.rolled_back` names the bills, credits and the
 * batch's `billing.bill.issued` events, so consumers forget them.
 *
 * Refused — a conflict naming `batchId` that says what happened to which object (up to five),
 * nothing removed — when anything happened since the import (`usesSinceImport`): an opening bill
 * paid, waived, charged a late fee or otherwise changed; an opening credit spent; a bill not of
 * the batch for one of `leaseIds` or `customerIds` (a billing run billed them, a meter, an
 * adjustment or penalty); a prepayment entry not of the batch for one of them. A lease of
 * `leaseIds` billing holds at another site is NOT_FOUND naming `leaseIds`. The site's lease lock
 * is held alone throughout, so a lease event, billing run chunk, meter bill or late fee of the
 * site running meanwhile is waited for and seen, and one starting later finds the leases gone.
 *
 * A batch billing has no rows of (no opening balances) is `unknown`, as the proto says; its
 * leases were still heard of, so they are checked and removed the same way (no event: billing
 * made nothing of the batch). `checkOnly`: only checks (`released` when it could be rolled
 * back). Again: nothing more (`rolled_back`). A held or discarded batch, or another site's, is a
 * conflict naming `batchId`; a site outside the caller's scope is NOT_FOUND.
 */
export async function rollBackImport(
  deps: BillingDeps,
  caller: Caller,
  request: z.input<typeof input>,
): Promise<ImportBatchOutcome> {
  const data = parseInput(input, request, "rollback");
  requireSiteInScope(caller, data.siteId);
  const scope = { batchId: data.batchId, orgId: caller.orgId, siteId: data.siteId };
  const leaseIds = [...new Set(data.leaseIds)];
  const customerIds = [...new Set(data.customerIds)];
  const made = (objects: ImportedObjects) => ({
    billIds: objects.get(ImportKinds.bill) ?? [],
    creditIds: objects.get(ImportKinds.prepayment) ?? [],
  });

  const check = async (tx: Tx, objects: ImportedObjects) => {
    await holdSiteLeases(tx, scope.siteId);
    if ((await leasesElsewhere(tx, scope, leaseIds)).length > 0)
      throw notOfSite("lease", "leaseIds", "names a lease of another site");
    const uses = await usesSinceImport(
      tx,
      { orgId: scope.orgId, ...made(objects), leaseIds, customerIds },
      NAMED + 1,
    );
    if (uses.length === 0) return;
    const named = uses.slice(0, NAMED).join("; ");
    const what = uses.length > NAMED ? `${named}; and more` : named;
    throw conflict(`the import cannot be rolled back: ${what}`, [
      { field: "batchId", message: `cannot be rolled back: ${what}` },
    ]);
  };
  const remove = async (tx: Tx, objects: ImportedObjects) => {
    const { billIds, creditIds } = made(objects);
    await deleteOpeningBalances(tx, billIds, creditIds);
    await removeLeases(tx, scope, leaseIds);
  };

  const db = slowTransactions(deps);
  const outcome = await rollBackImportBatch<Tx>(db, scope, {
    eventType: EventTypes.BalancesImportRolledBack,
    actor: caller.actor,
    checkOnly: data.checkOnly,
    check,
    remove,
  });
  if (outcome === "unknown" && (leaseIds.length > 0 || customerIds.length > 0)) {
    await db.$transaction(async (tx) => {
      await check(tx, new Map());
      if (!data.checkOnly) await remove(tx, new Map());
    });
  }
  if (outcome === "rolled_back") deps.outboxWritten();
  return outcome;
}

/** The service's database, its transactions allowed {@link TIMEOUT_MS}. */
function slowTransactions(deps: BillingDeps): TransactionalClient<Tx> {
  return {
    $transaction: (fn, options) => deps.db.$transaction(fn, { timeout: TIMEOUT_MS, ...options }),
    $executeRawUnsafe: (query, ...values) => deps.db.$executeRawUnsafe(query, ...values),
    $queryRawUnsafe: (query, ...values) => deps.db.$queryRawUnsafe(query, ...values),
  };
}
