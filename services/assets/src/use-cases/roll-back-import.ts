import { EventTypes } from "@slms/contracts";
import {
  type ImportBatchOutcome,
  type ImportedObjects,
  rollBackImportBatch,
  writeOutbox,
} from "@slms/db";
import { conflict, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { changeStatuses } from "../db/import-holds.ts";
import { removeImported } from "../db/remove-imported.ts";
import {
  type BatchObjects,
  batchObjects,
  type ChangeSinceImport,
  changesSinceImport,
  lockBatchObjects,
  type StatusToPutBack,
  statusesToPutBack,
} from "../db/roll-back-imported.ts";
import { unitView } from "../db/rows.ts";
import { findSiteInScope } from "../db/scope.ts";
import type { AssetsDeps, Tx } from "../deps.ts";
import { batchId, importKinds } from "../domain/import-rows.ts";
import { unitStatusChanged } from "../events/unit-events.ts";

const input = z.object({ batchId, checkOnly: z.boolean() });

/** How many of the things found a refusal names (the rest are "and more"). */
const NAMED = 5;

/**
 * Rolls back a committed (released) import batch's part in this service as a whole, in one
 * transaction (`rollBackImportBatch`): the statuses its holds set on units it did not make are
 * put back — a history entry and the `assets.unit.status_changed` event each, as any status
 * change, since the batch's change was heard — then its holds, its units (with their history)
 * and the buildings it made are removed as a discard removes them (remove-imported.ts), and
 * `assets.import.rolled_back` names them and the batch's events — and says when the batch was
 * released (`releasedAt`) and which statuses were put back (`unitsPutBack`), so that reporting
 * takes the import out of its past occupancy snapshots.
 *
 * Refused — a conflict naming `batchId` that says what happened to which unit, lease or
 * building, nothing removed — when anything happened since the import
 * (roll-back-imported.ts): a unit it made edited or its status changed; a unit it made or held
 * held for another lease; a status it set changed again; a hold of it released, ended early or
 * made again; a building it made given a unit not of the batch.
 *
 * The units it made or touched and the buildings it made are locked before they are checked, so
 * an edit, status change, hold or release of one of them waits for the rollback and then finds
 * the unit gone or put back.
 *
 * `checkOnly`: only checks (`released` when it could be rolled back). Again: nothing more
 * (`rolled_back`); a batch this service never heard of is `unknown`; a held or discarded batch,
 * or another site's, is a conflict; a site outside the caller's scope is not found.
 */
export async function rollBackImport(
  deps: AssetsDeps,
  caller: Caller,
  siteId: string,
  request: z.input<typeof input>,
): Promise<ImportBatchOutcome> {
  const data = parseInput(input, request, "rollback");
  const site = await findSiteInScope(deps.db, caller, siteId);
  const batch = { batchId: data.batchId, orgId: caller.orgId, siteId };
  let putBack: StatusToPutBack[] = [];
  const outcome = await rollBackImportBatch<Tx>(deps.db, batch, {
    eventType: EventTypes.UnitsImportRolledBack,
    actor: caller.actor,
    checkOnly: data.checkOnly,
    check: async (tx, made) => {
      const objects = batchObjects(made);
      await lockBatchObjects(tx, objects);
      const changes = await changesSinceImport(tx, data.batchId, objects, NAMED + 1);
      if (changes.length === 0) return;
      const named = changes.slice(0, NAMED).map(inWords).join("; ");
      const what = changes.length > NAMED ? `${named}; and more` : named;
      throw conflict(`the import cannot be rolled back: ${what}`, [
        { field: "batchId", message: `cannot be rolled back: ${what}` },
      ]);
    },
    remove: async (tx, made) => {
      const objects = batchObjects(made);
      putBack = await putStatusesBack(
        tx,
        caller,
        site.currency,
        objects,
        `import ${data.batchId} rolled back`,
      );
      // The batch's history entries of units it did not make stay: they were heard, and the
      // entries just written undo them.
      await removeImported(tx, withoutStatusChanges(made));
    },
    // What a consumer keeping occupancy per day needs to take the import out of the days since.
    announce: async (_tx, _made, { releasedAt }) => ({
      fields: { releasedAt: releasedAt.toISOString() },
      lists: {
        unitsPutBack: putBack.map((b) => ({ unitId: b.unitId, from: b.set, to: b.before })),
      },
    }),
  });
  if (outcome === "rolled_back") deps.outboxWritten();
  return outcome;
}

/**
 * Puts back the statuses the batch's holds set on units it did not make, and announces it;
 * answers what it put back.
 */
async function putStatusesBack(
  tx: Tx,
  caller: Caller,
  currency: string,
  objects: BatchObjects,
  reason: string,
): Promise<StatusToPutBack[]> {
  const back = await statusesToPutBack(tx, objects);
  if (back.length === 0) return back;
  await changeStatuses(
    tx,
    caller.actor,
    new Date(),
    back.map((b) => ({ unitId: b.unitId, from: b.set, to: b.before, reason })),
  );
  const units = await tx.unit.findMany({
    where: { id: { in: back.map((b) => b.unitId) } },
    orderBy: { id: "asc" },
  });
  const from = new Map(back.map((b) => [b.unitId, b.set]));
  await writeOutbox(
    tx,
    units.map((u) => unitStatusChanged(caller, unitView(u, currency), from.get(u.id)!, reason)),
  );
  return back;
}

const withoutStatusChanges = (made: ImportedObjects): ImportedObjects =>
  new Map([...made].filter(([kind]) => kind !== importKinds.statusChange));

/** What happened to an object of the batch, in words. */
function inWords(change: ChangeSinceImport): string {
  switch (change.kind) {
    case "status":
      return `unit ${change.unitCode} went from ${change.from} to ${change.to} since the import`;
    case "edited":
      return `unit ${change.unitCode} was edited since the import`;
    case "held":
      return `unit ${change.unitCode} is held for lease ${change.leaseId}, not of the import`;
    case "released":
      return `the units of lease ${change.leaseId} were released since the import`;
    case "ended":
      return `the hold of lease ${change.leaseId} was ended on ${change.toDate} since the import`;
    case "held_again":
      return `the units of lease ${change.leaseId} were released and held again since the import`;
    case "building":
      return `building ${change.buildingCode} has unit ${change.unitCode}, not of the import`;
  }
}
