import type { SqlClient } from "./sql-client.ts";

// A consumer of `<service>.import.rolled_back` deletes what it keeps of the objects a rollback
// removed and remembers them in `removed_objects` (prisma/removed-objects.prisma), so that
// nothing heard of later brings one back — an event of the batch still on its way (the rollback
// takes the batch's event ids as handled too, but it comes in parts, objects and event ids
// apart, and parts and events are applied concurrently and in any order), or a page of a rebuild
// read before the owning service removed it.
//
// The race is closed by a lock per site: a rollback removes under it exclusively
// ({@link rememberRemoved}); every writer of such objects takes it shared before it looks for
// them among the removed ({@link anyRemoved}, {@link lockRemovalsShared}). Either the rollback
// commits first and the writer, waiting for it, then sees the objects removed; or the writer
// commits first and the rollback, waiting for it, then deletes what it wrote.

const lockKey = (siteId: string) => `removed-objects:${siteId}`;

/** Takes the site's removal lock shared (until the transaction ends), before writing objects. */
export async function lockRemovalsShared(tx: SqlClient, siteId: string): Promise<void> {
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock_shared(hashtext($1))`, lockKey(siteId));
}

/**
 * Takes the site's removal lock shared and answers whether any of these objects (kind, id) was
 * removed. Its own statement: a statement that waited for the lock would still read as of
 * before it.
 */
export async function anyRemoved(
  tx: SqlClient,
  siteId: string,
  objects: readonly (readonly [kind: string, id: string])[],
): Promise<boolean> {
  await lockRemovalsShared(tx, siteId);
  const [row] = await tx.$queryRawUnsafe<{ removed: boolean }[]>(
    `SELECT EXISTS (SELECT 1 FROM removed_objects r
                      JOIN unnest($1::text[], $2::text[]) AS o(kind, id)
                        ON r.kind = o.kind AND r.object_id = o.id) AS removed`,
    objects.map(([kind]) => kind),
    objects.map(([, id]) => id),
  );
  return row?.removed ?? false;
}

/** A part of a rollback, as a consumer removes it. */
export interface Removal {
  orgId: string;
  siteId: string;
  batchId: string;
  /** Ids by import-row kind. */
  objects: Readonly<Record<string, readonly string[]>>;
  /** When the rollback occurred. */
  at: string;
}

/** A part of a `<service>.import.rolled_back` event, as a consumer removes it. */
export function removalOf(
  event: { orgId: string; occurredAt: string },
  rollback: { siteId: string; batchId: string; objects: Record<string, string[]> },
): Removal {
  return {
    orgId: event.orgId,
    siteId: rollback.siteId,
    batchId: rollback.batchId,
    objects: rollback.objects,
    at: event.occurredAt,
  };
}

/**
 * Takes the site's removal lock exclusively (until the transaction ends) and remembers the
 * objects as removed; the caller then deletes what it keeps of them. Again: nothing more.
 */
export async function rememberRemoved(tx: SqlClient, removal: Removal): Promise<void> {
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext($1))`, lockKey(removal.siteId));
  for (const [kind, ids] of Object.entries(removal.objects)) {
    if (ids.length === 0) continue;
    await tx.$executeRawUnsafe(
      `INSERT INTO removed_objects (kind, object_id, org_id, site_id, batch_id, removed_at)
       SELECT $1, unnest($2::text[]), $3, $4, $5, $6::timestamptz
       ON CONFLICT (kind, object_id) DO NOTHING`,
      kind,
      ids,
      removal.orgId,
      removal.siteId,
      removal.batchId,
      removal.at,
    );
  }
}
