import { EventTypes } from "@slms/contracts";
import { type ImportBatchOutcome, rollBackImportBatch } from "@slms/db";
import { conflict, fieldIssues, invalid } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { deleteImportedCustomers, lockEditedSinceImport } from "../db/import-customers.ts";
import { requireSiteInScope } from "../db/scope.ts";
import type { CustomersDeps, Tx } from "../deps.ts";
import { idIssues } from "../domain/fields.ts";
import { batchId, importKinds } from "../domain/import-rows.ts";

const input = z.object({ batchId, checkOnly: z.boolean() });

/** How many of the customers edited a refusal names (the rest are "and more"). */
const NAMED = 5;

/**
 * Rolls back a committed (released) import batch's part in this service as a whole, in one
 * transaction (`rollBackImportBatch`): the customers it registered are removed, as a discard
 * removes them, and `customers.import.rolled_back` names them and the batch's events, so
 * consumers drop what they keep of them.
 *
 * Refused — a conflict naming `batchId` that says which customers, nothing removed — when one of
 * them was edited since the import (`updated_at` moved on from `created_at`; UpdateCustomer
 * writes only a real change). The customers are locked before they are checked, so an edit of
 * one waits for the rollback and then finds it gone. Leases made for them since are contracts'
 * to refuse (the importer rolls contracts back first).
 *
 * `checkOnly`: only checks (`released` when it could be rolled back). Again: nothing more
 * (`rolled_back`); a batch this service never heard of is `unknown`; a held or discarded batch,
 * or another site's, is a conflict; a site outside the caller's scope is not found.
 */
export async function rollBackImport(
  deps: CustomersDeps,
  caller: Caller,
  siteId: string,
  request: z.input<typeof input>,
): Promise<ImportBatchOutcome> {
  const parsed = input.safeParse(request);
  const issues = [...idIssues({ siteId }), ...(parsed.success ? [] : fieldIssues(parsed.error))];
  if (!parsed.success || issues.length > 0) throw invalid("invalid rollback", issues);
  requireSiteInScope(caller, siteId);
  const batch = { batchId: parsed.data.batchId, orgId: caller.orgId, siteId };
  const customers = (made: ReadonlyMap<string, readonly string[]>) =>
    made.get(importKinds.customer) ?? [];
  const outcome = await rollBackImportBatch<Tx>(deps.db, batch, {
    eventType: EventTypes.CustomersImportRolledBack,
    actor: caller.actor,
    checkOnly: parsed.data.checkOnly,
    check: async (tx, made) => {
      const edited = await lockEditedSinceImport(tx, customers(made), NAMED + 1);
      if (edited.length === 0) return;
      const named = edited
        .slice(0, NAMED)
        .map((c) => `customer ${c.id} (${c.name}) was edited since the import`)
        .join("; ");
      const what = edited.length > NAMED ? `${named}; and more` : named;
      throw conflict(`the import cannot be rolled back: ${what}`, [
        { field: "batchId", message: `cannot be rolled back: ${what}` },
      ]);
    },
    remove: (tx, made) => deleteImportedCustomers(tx, batch, customers(made)),
  });
  if (outcome === "rolled_back") deps.outboxWritten();
  return outcome;
}
