import { conflict, notFound } from "@slms/errors";
import { discardOutbox, newEvent, releaseOutbox, writeOutbox } from "./outbox.ts";
import type { SqlClient, TransactionalClient } from "./sql-client.ts";

// An import across services is all or nothing: each owning service writes its part as a batch
// (import_batches / import_rows, prisma/imports.prisma) with the events held in its outbox; the
// importer releases every service's batch once all parts are in, or discards them all. Sending a
// row again (a retry, a resumed import) finds the object it already made.

export interface ImportBatchScope {
  batchId: string;
  orgId: string;
  siteId: string;
}

/**
 * Opens the batch in this service, or finds it open: a batch id of another organisation or site,
 * or one already released or discarded, is a conflict (nothing more can be added to it). Call it
 * first in the transaction that writes the batch's rows: calls of one batch take turns until
 * that transaction ends, so a call sent again while the first still runs (a client's retry)
 * finds every row made instead of racing to make them.
 */
export async function openImportBatch(tx: SqlClient, batch: ImportBatchScope): Promise<void> {
  await tx.$executeRawUnsafe(
    `SELECT pg_advisory_xact_lock(hashtext('import:' || $1::text))`,
    batch.batchId,
  );
  await tx.$executeRawUnsafe(
    `INSERT INTO import_batches (batch_id, org_id, site_id, state) VALUES ($1, $2, $3, 'held')
     ON CONFLICT (batch_id) DO NOTHING`,
    batch.batchId,
    batch.orgId,
    batch.siteId,
  );
  const [row] = await tx.$queryRawUnsafe<{ org_id: string; site_id: string; state: string }[]>(
    `SELECT org_id, site_id, state FROM import_batches WHERE batch_id = $1 FOR SHARE`,
    batch.batchId,
  );
  if (!row || row.org_id !== batch.orgId || row.site_id !== batch.siteId)
    throw conflict("the import batch belongs to another site", [
      { field: "batchId", message: "is another site's import" },
    ]);
  if (row.state !== "held")
    throw conflict(`the import batch is ${row.state}`, [
      { field: "batchId", message: `is ${row.state}: nothing can be added to it` },
    ]);
}

/** The objects already made for these rows of the batch (row key → object id). */
export async function importedObjects(
  tx: SqlClient,
  batchId: string,
  kind: string,
  rowKeys: readonly string[],
): Promise<Map<string, string>> {
  if (rowKeys.length === 0) return new Map();
  const rows = await tx.$queryRawUnsafe<{ row_key: string; object_id: string }[]>(
    `SELECT row_key, object_id FROM import_rows
      WHERE batch_id = $1 AND kind = $2 AND row_key = ANY($3::text[])`,
    batchId,
    kind,
    rowKeys,
  );
  return new Map(rows.map((r) => [r.row_key, r.object_id]));
}

export interface ImportedRow {
  rowKey: string;
  objectId: string;
  /** The held events announcing the object. */
  eventIds: readonly string[];
}

/** Records what rows of the batch made, in the transaction that made it. */
export async function recordImportedRows(
  tx: SqlClient,
  batchId: string,
  kind: string,
  rows: readonly ImportedRow[],
): Promise<void> {
  if (rows.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO import_rows (batch_id, kind, row_key, object_id, event_ids)
     SELECT $1, $2, r.row_key, r.object_id,
            ARRAY(SELECT jsonb_array_elements_text(r.event_ids))::uuid[]
       FROM jsonb_to_recordset($3::jsonb) AS r(row_key text, object_id text, event_ids jsonb)`,
    batchId,
    kind,
    JSON.stringify(
      rows.map((r) => ({ row_key: r.rowKey, object_id: r.objectId, event_ids: r.eventIds })),
    ),
  );
}

/** What a service's part of a batch made, by kind (object ids), for it to remove. */
export type ImportedObjects = ReadonlyMap<string, readonly string[]>;

export type ImportBatchOutcome = "released" | "discarded" | "rolled_back" | "unknown";

/**
 * Releases the batch's held events to the relay: the import went in everywhere. Again: nothing
 * more happens. A discarded or rolled back batch, or one of another site or organisation, is a
 * conflict; a batch this service never heard of is `unknown` (its part had no rows).
 */
export async function releaseImportBatch(
  db: TransactionalClient,
  batch: ImportBatchScope,
): Promise<ImportBatchOutcome> {
  return db.$transaction(async (tx): Promise<ImportBatchOutcome> => {
    const state = (await lockBatch(tx, batch))?.state ?? null;
    if (state === null) return "unknown";
    if (state === "released") return "released";
    if (state !== "held")
      throw conflict(`the import batch was ${state.replace("_", " ")}`, [
        { field: "batchId", message: `was ${state.replace("_", " ")}: it cannot be released` },
      ]);
    await releaseOutbox(tx, await batchEventIds(tx, batch.batchId));
    await setState(tx, batch.batchId, "released");
    return "released";
  });
}

/**
 * Discards the batch: `remove` deletes what its rows made (given by kind), its held events are
 * dropped, all in one transaction. Again: nothing more happens. A released batch is a conflict
 * (its events were heard), and so is one of another site or organisation. A batch this service
 * never heard of is recorded discarded, so a row of it arriving late is refused.
 */
export async function discardImportBatch<Tx extends SqlClient>(
  db: TransactionalClient<Tx>,
  batch: ImportBatchScope,
  remove: (tx: Tx, made: ImportedObjects) => Promise<void>,
): Promise<ImportBatchOutcome> {
  return db.$transaction(async (tx): Promise<ImportBatchOutcome> => {
    const state = (await lockBatch(tx, batch))?.state ?? null;
    if (state === "discarded") return "discarded";
    if (state === "released" || state === "rolled_back")
      throw conflict(`the import batch was ${state.replace("_", " ")}`, [
        { field: "batchId", message: `was ${state.replace("_", " ")}: its events were heard` },
      ]);
    if (state === null) {
      await tx.$executeRawUnsafe(
        `INSERT INTO import_batches (batch_id, org_id, site_id, state)
         VALUES ($1, $2, $3, 'discarded') ON CONFLICT (batch_id) DO NOTHING`,
        batch.batchId,
        batch.orgId,
        batch.siteId,
      );
      return "discarded";
    }
    await remove(tx, await batchObjects(tx, batch.batchId));
    await discardOutbox(tx, await batchEventIds(tx, batch.batchId));
    await setState(tx, batch.batchId, "discarded");
    return "discarded";
  });
}

/**
 * The batch's state in this service, for a read of it: null when this service never heard of it;
 * a batch of another site or organisation is NOT_FOUND (`import batch`), as for a stranger.
 */
export async function importBatchState(
  db: SqlClient,
  batch: ImportBatchScope,
): Promise<string | null> {
  const [row] = await db.$queryRawUnsafe<{ state: string; org_id: string; site_id: string }[]>(
    `SELECT state, org_id, site_id FROM import_batches WHERE batch_id = $1`,
    batch.batchId,
  );
  if (!row) return null;
  if (row.org_id !== batch.orgId || row.site_id !== batch.siteId) throw notFound("import batch");
  return row.state;
}

/** How a service rolls back its part of a released batch (see {@link rollBackImportBatch}). */
export interface ImportRollback<Tx extends SqlClient> {
  /** `<service>.import.rolled_back`: the event announcing it. */
  eventType: string;
  /** Who asks (the envelope's actor). */
  actor: string;
  /** Only check: remove nothing, announce nothing. */
  checkOnly: boolean;
  /**
   * Throws a conflict (naming what was done to which object) when anything happened to the
   * batch's objects since the import — they are in use and cannot be taken back.
   */
  check: (tx: Tx, made: ImportedObjects) => Promise<void>;
  /**
   * Removes what the batch made, and puts back what it changed of objects it did not make (and
   * writes the events announcing that, as any change does).
   */
  remove: (tx: Tx, made: ImportedObjects) => Promise<void>;
  /**
   * After `remove`: what to announce in the `<service>.import.rolled_back` events besides the
   * ids (see {@link RollbackAnnouncement}); none without it.
   */
  announce?: (tx: Tx, made: ImportedObjects, batch: ReleasedBatch) => Promise<RollbackAnnouncement>;
}

/** A released batch, as its rollback finds it. */
export interface ReleasedBatch {
  /** When the batch was released: its events went out from then on. */
  releasedAt: Date;
}

/** What a service announces in its `<service>.import.rolled_back` events besides the ids. */
export interface RollbackAnnouncement {
  /** Fields every part carries as they are (assets' `releasedAt`). */
  fields?: Readonly<Record<string, unknown>>;
  /**
   * Lists spread over the parts like the ids, an entry taking the room of one id (assets'
   * `unitsPutBack`); a part holding none of a list's entries has none of it.
   */
  lists?: Readonly<Record<string, readonly unknown[]>>;
}

/** Ids per part of a `<service>.import.rolled_back` event. */
const ROLLBACK_PART = 5_000;

/**
 * Rolls back a released batch as a whole, in one transaction: `check` refuses when anything
 * happened to its objects since, `remove` takes them away, and `<service>.import.rolled_back`
 * events (ids of what was removed, by kind, and the batch's events, so consumers drop what they
 * keep of them and ignore any still on the way; and what `announce` adds) are written; the batch
 * becomes `rolled_back`.
 * With `checkOnly`, only `check` runs and a batch that could be rolled back answers `released`.
 * Again: nothing more (`rolled_back`). A batch this service never heard of is `unknown` (its
 * part had no rows); a held or discarded one is a conflict (it was never announced), and so is
 * one of another site or organisation.
 */
export async function rollBackImportBatch<Tx extends SqlClient>(
  db: TransactionalClient<Tx>,
  batch: ImportBatchScope,
  rollback: ImportRollback<Tx>,
): Promise<ImportBatchOutcome> {
  return db.$transaction(async (tx): Promise<ImportBatchOutcome> => {
    const locked = await lockBatch(tx, batch);
    const state = locked?.state ?? null;
    if (state === null) return "unknown";
    if (state === "rolled_back") return "rolled_back";
    if (state !== "released")
      throw conflict(`the import batch is ${state}`, [
        { field: "batchId", message: `is ${state}: only a committed import can be rolled back` },
      ]);
    const made = await batchObjects(tx, batch.batchId);
    await rollback.check(tx, made);
    if (rollback.checkOnly) return "released";
    await rollback.remove(tx, made);
    // A released batch's updated_at is its release: nothing writes the row until its rollback.
    const announced = await rollback.announce?.(tx, made, { releasedAt: locked!.updatedAt });
    const parts = rollbackParts(made, await batchEventIds(tx, batch.batchId), announced?.lists);
    const scope = { orgId: batch.orgId, siteId: batch.siteId, actor: rollback.actor };
    await writeOutbox(
      tx,
      parts.map((part, i) =>
        newEvent(rollback.eventType, scope, {
          ...announced?.fields,
          batchId: batch.batchId,
          siteId: batch.siteId,
          ...part,
          part: i + 1,
          parts: parts.length,
        }),
      ),
    );
    await setState(tx, batch.batchId, "rolled_back");
    return "rolled_back";
  });
}

interface RollbackPart {
  objects: Record<string, string[]>;
  eventIds: string[];
  [list: string]: unknown;
}

/**
 * The batch's objects and events as few parts as hold them: at most {@link ROLLBACK_PART} object
 * ids (of any kinds) and list entries together, and as many event ids, in each.
 */
function rollbackParts(
  made: ImportedObjects,
  eventIds: readonly string[],
  lists: Readonly<Record<string, readonly unknown[]>> = {},
): RollbackPart[] {
  const parts: RollbackPart[] = [];
  let room = 0;
  const spread = <T>(items: readonly T[], put: (part: RollbackPart, slice: T[]) => void) => {
    for (let i = 0; i < items.length; ) {
      if (room === 0) {
        parts.push({ objects: {}, eventIds: [] });
        room = ROLLBACK_PART;
      }
      const slice = items.slice(i, i + room);
      put(parts.at(-1)!, slice);
      room -= slice.length;
      i += slice.length;
    }
  };
  for (const [kind, ids] of made)
    spread(ids, (part, slice) => {
      part.objects[kind] = [...(part.objects[kind] ?? []), ...slice];
    });
  for (const [name, items] of Object.entries(lists))
    spread(items, (part, slice) => {
      part[name] = [...((part[name] as unknown[] | undefined) ?? []), ...slice];
    });
  for (let i = 0, p = 0; i < eventIds.length; i += ROLLBACK_PART, p += 1) {
    if (!parts[p]) parts.push({ objects: {}, eventIds: [] });
    parts[p]!.eventIds = eventIds.slice(i, i + ROLLBACK_PART);
  }
  return parts.length > 0 ? parts : [{ objects: {}, eventIds: [] }];
}

async function batchObjects(tx: SqlClient, batchId: string): Promise<ImportedObjects> {
  const rows = await tx.$queryRawUnsafe<{ kind: string; ids: string[] }[]>(
    `SELECT kind, array_agg(object_id ORDER BY object_id) AS ids
       FROM import_rows WHERE batch_id = $1 GROUP BY kind ORDER BY kind`,
    batchId,
  );
  return new Map(rows.map((r) => [r.kind, r.ids]));
}

/**
 * The batch's state and when it last changed (locked for the transaction), or null; another
 * site's is a conflict.
 */
async function lockBatch(
  tx: SqlClient,
  batch: ImportBatchScope,
): Promise<{ state: string; updatedAt: Date } | null> {
  const [row] = await tx.$queryRawUnsafe<
    { state: string; org_id: string; site_id: string; updated_at: Date }[]
  >(
    `SELECT state, org_id, site_id, updated_at FROM import_batches WHERE batch_id = $1 FOR UPDATE`,
    batch.batchId,
  );
  if (!row) return null;
  if (row.org_id !== batch.orgId || row.site_id !== batch.siteId)
    throw conflict("the import batch belongs to another site", [
      { field: "batchId", message: "is another site's import" },
    ]);
  return { state: row.state, updatedAt: row.updated_at };
}

async function batchEventIds(tx: SqlClient, batchId: string): Promise<string[]> {
  const rows = await tx.$queryRawUnsafe<{ id: string }[]>(
    `SELECT DISTINCT unnest(event_ids)::text AS id FROM import_rows WHERE batch_id = $1 ORDER BY 1`,
    batchId,
  );
  return rows.map((r) => r.id);
}

const setState = (tx: SqlClient, batchId: string, state: string) =>
  tx.$executeRawUnsafe(
    `UPDATE import_batches SET state = $2, updated_at = now() WHERE batch_id = $1`,
    batchId,
    state,
  );
