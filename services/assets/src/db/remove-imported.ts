import type { ImportedObjects } from "@slms/db";
import type { Tx } from "../deps.ts";
import { importKinds } from "../domain/import-rows.ts";

/**
 * Removes what an import batch made in this service, in the discarding transaction: the holds
 * of its leases; the statuses its holds changed, put back on units it did not make (the unit's
 * status before, and when it changed then) with their history entries removed; its units with
 * everything hanging off them; and the buildings it made that no unit uses any more.
 *
 * A status the batch set that has changed again since (a later history entry) is left as it is,
 * with the batch's entry, so the history stays true.
 */
export async function removeImported(tx: Tx, made: ImportedObjects): Promise<void> {
  const units = [...(made.get(importKinds.unit) ?? [])];
  const leases = [...(made.get(importKinds.hold) ?? [])];
  const changes = [...(made.get(importKinds.statusChange) ?? [])];
  const buildings = [...(made.get(importKinds.building) ?? [])];

  if (changes.length > 0) {
    // Units are locked in id order, as every status writer locks them.
    await tx.$queryRawUnsafe(
      `SELECT u.id FROM units u JOIN unit_status_changes c ON c.unit_id = u.id
        WHERE c.id = ANY($1::bigint[]) ORDER BY u.id FOR UPDATE OF u`,
      changes,
    );
    const restored = await tx.$queryRawUnsafe<{ id: string }[]>(
      `WITH ours AS (
         SELECT c.id, c.unit_id, c.from_status FROM unit_status_changes c
          WHERE c.id = ANY($1::bigint[]) AND NOT (c.unit_id = ANY($2::text[]))
            AND c.id = (SELECT max(l.id) FROM unit_status_changes l WHERE l.unit_id = c.unit_id)
       )
       UPDATE units u
          SET status = o.from_status,
              status_changed_at = coalesce(
                (SELECT max(p.changed_at) FROM unit_status_changes p
                  WHERE p.unit_id = u.id AND p.id <> o.id),
                u.created_at),
              updated_at = now()
         FROM ours o
        WHERE u.id = o.unit_id AND o.from_status IS NOT NULL
       RETURNING o.id::text AS id`,
      changes,
      units,
    );
    await tx.$executeRawUnsafe(
      `DELETE FROM unit_status_changes WHERE id = ANY($1::bigint[])`,
      restored.map((r) => r.id),
    );
  }
  if (leases.length > 0 || units.length > 0) {
    await tx.$executeRawUnsafe(
      `DELETE FROM unit_holds WHERE lease_id = ANY($1::text[]) OR unit_id = ANY($2::text[])`,
      leases,
      units,
    );
  }
  if (units.length > 0) {
    await tx.$executeRawUnsafe(
      `DELETE FROM unit_status_changes WHERE unit_id = ANY($1::text[])`,
      units,
    );
    await tx.$executeRawUnsafe(`DELETE FROM units WHERE id = ANY($1::text[])`, units);
  }
  if (buildings.length > 0) {
    await tx.$executeRawUnsafe(
      `DELETE FROM buildings b WHERE b.id = ANY($1::text[])
          AND NOT EXISTS (SELECT 1 FROM units u WHERE u.building_id = b.id)`,
      buildings,
    );
  }
}
