import { EventTypes } from "@slms/contracts";
import { type ImportBatchOutcome, rollBackImportBatch } from "@slms/db";
import { conflict, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import {
  deleteDepositEntries,
  type ImportRollbackBlockers,
  importRollbackBlockers,
} from "../db/deposit-import.ts";
import { requireSiteInScope } from "../db/scope.ts";
import type { PaymentsDeps, Tx } from "../deps.ts";
import { id, requireBatchId } from "../domain/fields.ts";
import { DEPOSIT_KIND, MAX_IMPORT_ROWS } from "./import-deposits.ts";

/** The import's leases or customers: as many as an import call's rows. */
const ids = z.array(id).max(MAX_IMPORT_ROWS, `must list at most ${MAX_IMPORT_ROWS} ids`);
const input = z.object({ leaseIds: ids, customerIds: ids });

/** How many of the problems found a refusal names (the rest are "and more"). */
const NAMED = 5;

export interface RollBackImportRequest {
  batchId: string;
  checkOnly: boolean;
  /** The import's leases and customers (contracts' and customers' parts of it). */
  leaseIds: readonly string[];
  customerIds: readonly string[];
}

/**
 * Rolls back payments' part of a committed (released) import batch as a whole, in one
 * transaction (`rollBackImportBatch`): its deposit entries are deleted with the accounts they
 * alone opened, as a discard deletes them (`deleteDepositEntries`), and
 * `payments.import.rolled_back` announces the entry ids and the batch's events, so consumers
 * drop what they made of `payments.deposit.received`.
 *
 * Refused — a conflict naming `batchId` that says what happened to which object, nothing
 * removed — when anything happened since the import:
 * - a deposit of the batch has a ledger entry besides the import's (applied, refunded,
 *   forfeited, topped up), or its settlement was begun;
 * - a deposit not of the batch was taken for one of `leaseIds` or `customerIds`, or a
 *   settlement begun for one of `leaseIds`;
 * - a payment was recorded for one of them (a reversed one too: it was received and has its
 *   receipt number), or prepayment paid back to one of them.
 *
 * The deposit accounts of the batch's leases and of `leaseIds` are locked before the check, so a
 * deposit recorded or settled meanwhile waits and is then refused or finds the deposit gone. A
 * payment for one of the import's customers recorded while the rollback runs is not waited for:
 * the importer checks every service first (`checkOnly`), and billing's rollback refuses bills
 * paid since.
 *
 * `checkOnly`: only checks (`released` when it could be rolled back). Again: nothing more
 * (`rolled_back`); a batch payments never heard of is `unknown`; a held or discarded batch, or
 * another site's, is a conflict; a site outside the caller's scope is NOT_FOUND.
 */
export async function rollBackImport(
  deps: PaymentsDeps,
  caller: Caller,
  siteId: string,
  request: RollBackImportRequest,
): Promise<ImportBatchOutcome> {
  requireSiteInScope(caller, siteId);
  requireBatchId(request.batchId);
  const named = parseInput(input, request, "rollback");
  const batch = { batchId: request.batchId, orgId: caller.orgId, siteId };
  const entryIds = (made: ReadonlyMap<string, readonly string[]>) => made.get(DEPOSIT_KIND) ?? [];
  const outcome = await rollBackImportBatch<Tx>(deps.db, batch, {
    eventType: EventTypes.DepositsImportRolledBack,
    actor: caller.actor,
    checkOnly: request.checkOnly,
    check: async (tx, made) => {
      const found = await importRollbackBlockers(tx, siteId, entryIds(made), named, NAMED + 1);
      const problems = describe(found);
      if (problems.length === 0) return;
      throw refusal(problems);
    },
    remove: (tx, made) => deleteDepositEntries(tx, entryIds(made)),
  });
  if (outcome === "rolled_back") deps.outboxWritten();
  return outcome;
}

/** What happened, in words, one phrase per object. */
function describe(found: ImportRollbackBlockers): string[] {
  return [
    ...found.entries.map(
      (e) => `deposit entry ${e.id} (${e.type}) of lease ${e.leaseId} is not the import's`,
    ),
    ...found.settlements.map(
      (s) => `the deposit of lease ${s.leaseId} was settled (settlement ${s.id}, ${s.status})`,
    ),
    ...found.payments.map(
      (p) =>
        `payment ${p.id} (receipt ${p.receiptNumber}, ${p.status}) was recorded for customer ${p.customerId}`,
    ),
    ...found.refunds.map((r) => `refund ${r.id} paid prepayment back to customer ${r.customerId}`),
  ];
}

/**
 * The conflict refusing the rollback: its message lists the first {@link NAMED} problems; its one
 * detail, naming `batchId`, the first (a detail travels cut to 200 characters).
 */
function refusal(problems: readonly string[]) {
  const listed = problems.slice(0, NAMED).join("; ");
  const what = problems.length > NAMED ? `${listed}; and more` : listed;
  const more = problems.length > 1 ? " (and more)" : "";
  return conflict(`the import cannot be rolled back: ${what}`, [
    { field: "batchId", message: `cannot be rolled back: ${problems[0]}${more}` },
  ]);
}
