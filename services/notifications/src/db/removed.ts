import type { Tx } from "../deps.ts";

// Objects an import's rollback took away (`customers|billing|contracts.import.rolled_back`): their
// read-model rows are deleted, the messages about them still queued are suppressed, and each is
// remembered in `removed_objects`, so that nothing heard of later brings it back — an event of
// the batch still on its way (the rollback takes the batch's event ids as handled too, but it
// comes in parts, objects and event ids apart, and parts and events are applied concurrently and
// in any order) would otherwise make a bill the scheduler reminds of.
//
// The race is closed by a lock per site: a rollback removes under it exclusively; every event
// writing such objects takes it shared before it looks for them among the removed. Either the
// rollback commits first and the writer, waiting for it, then sees the objects removed; or the
// writer commits first and the rollback, waiting for it, then deletes what it wrote.

/** The kinds of objects notifications keeps rows of, or queues messages about. */
export type RemovableKind = "customer" | "bill" | "lease";

const lockKey = (siteId: string) => `removed-objects:${siteId}`;

/**
 * Takes the site's removal lock shared (until the transaction ends) and answers whether any of
 * these objects was removed. Its own statement: a statement that waited for the lock would still
 * read as of before it.
 */
export async function anyRemoved(
  tx: Tx,
  siteId: string,
  objects: readonly (readonly [RemovableKind, string])[],
): Promise<boolean> {
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock_shared(hashtext($1))`, lockKey(siteId));
  const [row] = await tx.$queryRawUnsafe<{ removed: boolean }[]>(
    `SELECT EXISTS (SELECT 1 FROM removed_objects r
                      JOIN unnest($1::text[], $2::text[]) AS o(kind, id)
                        ON r.kind = o.kind AND r.object_id = o.id) AS removed`,
    objects.map(([kind]) => kind),
    objects.map(([, id]) => id),
  );
  return row?.removed ?? false;
}

export interface Removal {
  orgId: string;
  siteId: string;
  batchId: string;
  /** Ids by import-row kind; kinds notifications keeps nothing of (prepayment) are only remembered. */
  objects: Readonly<Record<string, readonly string[]>>;
  /** When the rollback occurred. */
  at: string;
}

/**
 * Removes the objects under the site's removal lock, and remembers them: customers' contacts,
 * bills (so the scheduler never reminds of them); the messages still queued about them — a bill's
 * or a lease's, or any to or about a customer — are suppressed (`import_rolled_back`), unless a
 * dispatcher is sending one right now. Only the organisation's own rows are touched. Running it
 * again changes nothing.
 */
export async function removeObjects(tx: Tx, removal: Removal, now: Date): Promise<void> {
  const { orgId, siteId, objects } = removal;
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext($1))`, lockKey(siteId));
  for (const [kind, ids] of Object.entries(objects)) {
    if (ids.length === 0) continue;
    await tx.$executeRawUnsafe(
      `INSERT INTO removed_objects (kind, object_id, org_id, site_id, batch_id, removed_at)
       SELECT $1, unnest($2::text[]), $3, $4, $5, $6::timestamptz
       ON CONFLICT (kind, object_id) DO NOTHING`,
      kind,
      ids,
      orgId,
      siteId,
      removal.batchId,
      removal.at,
    );
  }
  const ids = (kind: RemovableKind) => objects[kind] ?? [];
  const at = now.toISOString();
  const suppress = (which: string, values: readonly string[]) =>
    tx.$executeRawUnsafe(
      `UPDATE notifications
          SET status = 'suppressed', reason = 'import_rolled_back', updated_at = $3::timestamptz
        WHERE org_id = $1 AND ${which} AND status = 'queued'
          AND (claimed_until IS NULL OR claimed_until <= $3::timestamptz)`,
      orgId,
      values,
      at,
    );
  if (ids("customer").length > 0) {
    await tx.$executeRawUnsafe(
      `DELETE FROM customer_facts WHERE org_id = $1 AND customer_id = ANY($2::text[])`,
      orgId,
      ids("customer"),
    );
    await suppress("customer_id = ANY($2::text[])", ids("customer"));
  }
  if (ids("bill").length > 0) {
    await tx.$executeRawUnsafe(
      `DELETE FROM bill_facts WHERE org_id = $1 AND bill_id = ANY($2::text[])`,
      orgId,
      ids("bill"),
    );
    await suppress("subject_type = 'bill' AND subject_id = ANY($2::text[])", ids("bill"));
  }
  if (ids("lease").length > 0)
    await suppress("subject_type = 'lease' AND subject_id = ANY($2::text[])", ids("lease"));
}
