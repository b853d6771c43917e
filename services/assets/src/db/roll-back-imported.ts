import type { UnitStatusName } from "@slms/contracts";
import type { ImportedObjects } from "@slms/db";
import type { Tx } from "../deps.ts";
import { importKinds } from "../domain/import-rows.ts";

// Set-based reads of RollBackImport: what happened since a released import to what it made and
// to the units it held. One statement each whatever the size of the batch.

/** The ids a batch's import rows name in this service, by what they are. */
export interface BatchObjects {
  /** Units it made. */
  units: string[];
  /** Leases whose holds it made (a lease's holds are made and removed as one). */
  leases: string[];
  /** Status history entries its holds wrote. */
  changes: string[];
  /** Buildings it made. */
  buildings: string[];
}

export const batchObjects = (made: ImportedObjects): BatchObjects => ({
  units: [...(made.get(importKinds.unit) ?? [])],
  leases: [...(made.get(importKinds.hold) ?? [])],
  changes: [...(made.get(importKinds.statusChange) ?? [])],
  buildings: [...(made.get(importKinds.building) ?? [])],
});

/**
 * Locks, for the rest of the transaction, the units of the batch and the units its holds and
 * status changes touched (in id order, as every status writer locks them), then the buildings it
 * made. An edit, status change, hold or release of one of them waits for the rollback and then
 * finds it gone or put back; a unit created meanwhile in a building of the batch is seen.
 */
export async function lockBatchObjects(tx: Tx, batch: BatchObjects): Promise<void> {
  await tx.$queryRawUnsafe(
    `SELECT id FROM units
      WHERE id = ANY($1::text[])
         OR id IN (SELECT unit_id FROM unit_holds WHERE lease_id = ANY($2::text[]))
         OR id IN (SELECT unit_id FROM unit_status_changes WHERE id = ANY($3::bigint[]))
      ORDER BY id FOR UPDATE`,
    batch.units,
    batch.leases,
    batch.changes,
  );
  if (batch.buildings.length > 0) {
    await tx.$queryRawUnsafe(
      `SELECT id FROM buildings WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`,
      batch.buildings,
    );
  }
}

/** Something that happened since the import to what it made or held. */
export type ChangeSinceImport =
  /** A status change the batch did not make, of a unit it made or held. */
  | { kind: "status"; unitCode: string; from: UnitStatusName | null; to: UnitStatusName }
  /** A unit the batch made was edited (UpdateUnit). */
  | { kind: "edited"; unitCode: string }
  /** A unit the batch made or held is held for a lease not of the batch. */
  | { kind: "held"; unitCode: string; leaseId: string }
  /** A lease's hold of the batch is gone (released before it started). */
  | { kind: "released"; leaseId: string }
  /** A lease's hold of the batch was ended earlier (ReleaseUnits). */
  | { kind: "ended"; leaseId: string; toDate: string }
  /** The lease's holds are not the batch's: released and held again since. */
  | { kind: "held_again"; leaseId: string }
  /** A building the batch made has a unit not of the batch. */
  | { kind: "building"; buildingCode: string; unitCode: string };

/**
 * What happened since the import to what batch `batchId` made, at most `limit` things, units
 * first. "Since" is since the batch was opened (import_batches.created_at) for units it did not
 * make — a hold of another lease made before is none of the batch's business — and at any time
 * for what it made. Its own writes are known exactly: a unit it made has its `created` history
 * entry (from no status to the one it was imported in: a unit imported under maintenance and
 * still so has no change since) and the entries of `changes` and was last written by them
 * (updated_at), and its holds were written once, before the batch was released
 * (import_batches.updated_at, set then).
 */
export async function changesSinceImport(
  tx: Tx,
  batchId: string,
  batch: BatchObjects,
  limit: number,
): Promise<ChangeSinceImport[]> {
  const rows = await tx.$queryRawUnsafe<
    {
      kind: ChangeSinceImport["kind"];
      unit_code: string | null;
      building_code: string | null;
      lease_id: string | null;
      from_status: UnitStatusName | null;
      to_status: UnitStatusName | null;
      to_date: string | null;
    }[]
  >(
    `WITH b AS (
       SELECT created_at AS opened_at, updated_at AS released_at
         FROM import_batches WHERE batch_id = $1
     ),
     made AS (SELECT unnest($2::text[]) AS unit_id),
     touched AS (
       SELECT unit_id FROM unit_holds WHERE lease_id = ANY($3::text[])
       UNION
       SELECT unit_id FROM unit_status_changes WHERE id = ANY($4::bigint[])
       EXCEPT
       SELECT unit_id FROM made
     ),
     status AS (
       SELECT c.unit_id, c.id, c.from_status, c.to_status FROM unit_status_changes c
        WHERE c.unit_id IN (SELECT unit_id FROM made) AND c.from_status IS NOT NULL
          AND NOT (c.id = ANY($4::bigint[]))
       UNION ALL
       SELECT c.unit_id, c.id, c.from_status, c.to_status FROM unit_status_changes c, b
        WHERE c.unit_id IN (SELECT unit_id FROM touched) AND c.changed_at >= b.opened_at
          AND NOT (c.id = ANY($4::bigint[]))
     )
     (SELECT 'status' AS kind, u.code AS unit_code, NULL AS building_code, NULL AS lease_id,
             s.from_status::text AS from_status, s.to_status::text AS to_status,
             NULL AS to_date, 1 AS o, u.code AS k
        FROM status s JOIN units u ON u.id = s.unit_id
      ORDER BY u.code, s.id LIMIT $6)
     UNION ALL
     (SELECT 'edited', u.code, NULL, NULL, NULL, NULL, NULL, 2, u.code
        FROM units u
       WHERE u.id IN (SELECT unit_id FROM made)
         AND NOT EXISTS (SELECT 1 FROM status s WHERE s.unit_id = u.id)
         AND u.updated_at > greatest(u.created_at,
               (SELECT max(c.changed_at) FROM unit_status_changes c
                 WHERE c.unit_id = u.id AND c.id = ANY($4::bigint[])))
      ORDER BY u.code LIMIT $6)
     UNION ALL
     (SELECT 'held', u.code, NULL, h.lease_id, NULL, NULL, NULL, 3, u.code
        FROM unit_holds h JOIN units u ON u.id = h.unit_id, b
       WHERE NOT (h.lease_id = ANY($3::text[]))
         AND (h.unit_id IN (SELECT unit_id FROM made)
              OR (h.unit_id IN (SELECT unit_id FROM touched) AND h.created_at >= b.opened_at))
      ORDER BY u.code, h.from_date LIMIT $6)
     UNION ALL
     (SELECT CASE WHEN count(h.id) = 0 THEN 'released'
                  WHEN bool_or(h.created_at > b.released_at) THEN 'held_again'
                  ELSE 'ended' END,
             NULL, NULL, l.lease_id, NULL, NULL, min(h.to_date)::text, 4, l.lease_id
        FROM unnest($3::text[]) AS l(lease_id)
        CROSS JOIN b
        LEFT JOIN unit_holds h ON h.lease_id = l.lease_id
       GROUP BY l.lease_id, b.released_at
      HAVING count(h.id) = 0
          OR bool_or(h.created_at > b.released_at OR h.updated_at > h.created_at)
      ORDER BY l.lease_id LIMIT $6)
     UNION ALL
     (SELECT 'building', u.code, bl.code, NULL, NULL, NULL, NULL, 5, bl.code
        FROM buildings bl JOIN units u ON u.building_id = bl.id
       WHERE bl.id = ANY($5::text[]) AND u.id NOT IN (SELECT unit_id FROM made)
      ORDER BY bl.code, u.code LIMIT $6)
     ORDER BY o, k LIMIT $6`,
    batchId,
    batch.units,
    batch.leases,
    batch.changes,
    batch.buildings,
    limit,
  );
  return rows.map((r): ChangeSinceImport => {
    switch (r.kind) {
      case "status":
        return { kind: "status", unitCode: r.unit_code!, from: r.from_status, to: r.to_status! };
      case "edited":
        return { kind: "edited", unitCode: r.unit_code! };
      case "held":
        return { kind: "held", unitCode: r.unit_code!, leaseId: r.lease_id! };
      case "released":
        return { kind: "released", leaseId: r.lease_id! };
      case "ended":
        return { kind: "ended", leaseId: r.lease_id!, toDate: r.to_date! };
      case "held_again":
        return { kind: "held_again", leaseId: r.lease_id! };
      default:
        return { kind: "building", buildingCode: r.building_code!, unitCode: r.unit_code! };
    }
  });
}

/** A status the batch's holds set on a unit it did not make, to put back. */
export interface StatusToPutBack {
  unitId: string;
  /** The status before the batch held the unit. */
  before: UnitStatusName;
  /** The status the batch set (the unit's status now). */
  set: UnitStatusName;
}

/**
 * The statuses the batch's holds changed on units it did not make (after the check: each is the
 * unit's latest change, so its status is still the one the batch set).
 */
export async function statusesToPutBack(tx: Tx, batch: BatchObjects): Promise<StatusToPutBack[]> {
  if (batch.changes.length === 0) return [];
  const rows = await tx.$queryRawUnsafe<
    { unit_id: string; from_status: UnitStatusName; to_status: UnitStatusName }[]
  >(
    `SELECT c.unit_id, c.from_status, c.to_status FROM unit_status_changes c
      WHERE c.id = ANY($1::bigint[]) AND NOT (c.unit_id = ANY($2::text[]))
        AND c.from_status IS NOT NULL
      ORDER BY c.unit_id`,
    batch.changes,
    batch.units,
  );
  return rows.map((r) => ({ unitId: r.unit_id, before: r.from_status, set: r.to_status }));
}
