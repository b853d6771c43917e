import { EventTypes } from "@slms/contracts";
import { type ImportBatchOutcome, rollBackImportBatch } from "@slms/db";
import { conflict, notFound, parseInput } from "@slms/errors";
import { type Caller, canSeeSite } from "@slms/grpc";
import { z } from "zod";
import {
  changedImportedLeases,
  deleteImportedLeases,
  type ImportedLeaseChange,
  type LeaseNamingImported,
  leasesNaming,
} from "../db/lease-import.ts";
import type { ContractsDeps, Tx } from "../deps.ts";
import { batchIdInput, idInput } from "../input/fields.ts";
import { leaseImportKind } from "./import-leases.ts";

/** The import's customers or units: as many as an import call's rows. */
const idList = z.array(idInput).max(10_000, "must list at most 10,000 ids");

const input = z.object({
  siteId: idInput,
  batchId: batchIdInput,
  checkOnly: z.boolean(),
  customerIds: idList,
  unitIds: idList,
});

/** How many of the problems found a refusal names (the rest are "and more"). */
const NAMED = 5;

/**
 * Rolls back a committed (released) import batch's part in this service as a whole, in one
 * transaction (`rollBackImportBatch`): its leases are removed with their units, terms versions
 * and alerts, as a discard removes them (`deleteImportedLeases`), and
 * `contracts.import.rolled_back` announces the lease ids and the batch's events, so consumers
 * drop what they made of `contracts.lease.activated`. The units' holds are assets' part of the
 * batch, rolled back there by the importer.
 *
 * Refused — a conflict naming `batchId` that says what happened to which lease, nothing removed —
 * when anything happened since the import:
 * - a lease of the batch changed: amended (a terms version after the first), renewed (it has a
 *   successor), terminated or expired (no longer `active`); a critical-date alert sent for it is
 *   no change of the lease and goes with it;
 * - a lease not of the batch, in any status (drafts too), names one of `customerIds` or
 *   `unitIds` (the import's customers and units, which their services roll back).
 *
 * The batch's leases are locked before they are checked, so an amendment, renewal, termination
 * or expiry of one of them waits for the rollback and then finds the lease gone. A lease for one
 * of the import's customers or units created while the rollback runs is not waited for: the
 * importer checks every service first (`checkOnly`), and the customers' and units' own rollbacks
 * refuse what is still used.
 *
 * `checkOnly`: only checks (`released` when it could be rolled back). Again: nothing more
 * (`rolled_back`); a batch this service never heard of is `unknown`; a held or discarded batch,
 * or another site's, is a conflict; a site outside the caller's scope is not found.
 */
export async function rollBackImport(
  deps: ContractsDeps,
  caller: Caller,
  siteId: string,
  request: {
    batchId: string;
    checkOnly: boolean;
    customerIds: readonly string[];
    unitIds: readonly string[];
  },
): Promise<ImportBatchOutcome> {
  const data = parseInput(input, { ...request, siteId }, "rollback");
  if (!canSeeSite(caller, siteId)) throw notFound("site");
  const batch = { batchId: data.batchId, orgId: caller.orgId, siteId };
  const leaseIds = (made: ReadonlyMap<string, readonly string[]>) =>
    made.get(leaseImportKind) ?? [];
  const outcome = await rollBackImportBatch<Tx>(deps.db, batch, {
    eventType: EventTypes.LeasesImportRolledBack,
    actor: caller.actor,
    checkOnly: data.checkOnly,
    check: async (tx, made) => {
      const ids = leaseIds(made);
      const changed = await changedImportedLeases(tx, siteId, ids, NAMED + 1);
      const naming = await leasesNaming(tx, siteId, ids, data, NAMED + 1);
      const problems = [...changed.map(changeOf), ...naming.map(useOf)];
      if (problems.length === 0) return;
      throw refusal(problems);
    },
    remove: (tx, made) => deleteImportedLeases(tx, siteId, leaseIds(made)),
  });
  if (outcome === "rolled_back") deps.outboxWritten();
  return outcome;
}

/** What happened to a lease of the import, in words. */
function changeOf(change: ImportedLeaseChange): string {
  const what: string[] = [];
  if (change.status === "expired") what.push("expired");
  else if (change.status !== "active") what.push(`was ${change.status}`);
  if (change.version > 1) what.push(`was amended (terms version ${change.version})`);
  if (change.successorId) what.push(`was renewed by lease ${change.successorId}`);
  return `lease ${change.leaseId} ${what.join(" and ")} since the import`;
}

/** A lease not of the import using its customer or units, in words. */
function useOf(lease: LeaseNamingImported): string {
  const names = [
    ...(lease.customerId ? [`customer ${lease.customerId}`] : []),
    ...(lease.unitIds.length > 0 ? [unitsNamed(lease.unitIds)] : []),
  ];
  return `${lease.status} lease ${lease.leaseId}, not of the import, names ${names.join(" and ")}`;
}

/** `unit u1`, `units u1, u2`, `units u1, u2, u3 and 4 more`. */
function unitsNamed(unitIds: readonly string[]): string {
  const shown = unitIds.slice(0, 3).join(", ");
  const more = unitIds.length > 3 ? ` and ${unitIds.length - 3} more` : "";
  return `unit${unitIds.length > 1 ? "s" : ""} ${shown}${more}`;
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
