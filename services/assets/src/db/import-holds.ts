import type { UnitStatusName } from "@slms/contracts";
import type { Tx } from "../deps.ts";
import type { HoldClaim } from "../domain/import-rows.ts";

// Set-based reads and writes of ImportUnitHolds: one statement each whatever the number of rows,
// the rows passed as one jsonb parameter (jsonb_to_recordset).

/** A hold already in the table that overlaps a claim of the call. */
export interface OverlappingHold {
  claim: HoldClaim;
  leaseId: string;
  fromDate: string;
  toDate: string;
}

/** Holds overlapping the claims' units and dates (any lease's), in the claims' order. */
export async function holdsOverlapping(
  tx: Tx,
  claims: readonly HoldClaim[],
): Promise<OverlappingHold[]> {
  if (claims.length === 0) return [];
  const rows = await tx.$queryRawUnsafe<
    { i: number; lease_id: string; from_date: string; to_date: string }[]
  >(
    `SELECT c.i, h.lease_id, h.from_date::text AS from_date, h.to_date::text AS to_date
       FROM jsonb_to_recordset($1::jsonb) AS c(i int, unit_id text, from_date date, to_date date)
       JOIN unit_holds h
         ON h.unit_id = c.unit_id AND h.from_date <= c.to_date AND h.to_date >= c.from_date
      ORDER BY c.i, h.from_date`,
    JSON.stringify(
      claims.map((c, i) => ({ i, unit_id: c.unitId, from_date: c.fromDate, to_date: c.toDate })),
    ),
  );
  return rows.map((r) => ({
    claim: claims[r.i]!,
    leaseId: r.lease_id,
    fromDate: r.from_date,
    toDate: r.to_date,
  }));
}

/** Which of these leases hold units already. */
export async function leasesHolding(tx: Tx, leaseIds: readonly string[]): Promise<Set<string>> {
  if (leaseIds.length === 0) return new Set();
  const rows = await tx.$queryRawUnsafe<{ lease_id: string }[]>(
    `SELECT DISTINCT lease_id FROM unit_holds WHERE lease_id = ANY($1::text[])`,
    leaseIds,
  );
  return new Set(rows.map((r) => r.lease_id));
}

export interface NewHold {
  id: string;
  unitId: string;
  leaseId: string;
  fromDate: string;
  toDate: string;
}

/** Inserts holds of a site as HoldUnits makes them. */
export async function insertHolds(
  tx: Tx,
  siteId: string,
  actor: string,
  at: Date,
  holds: readonly NewHold[],
): Promise<void> {
  if (holds.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO unit_holds (id, unit_id, site_id, lease_id, from_date, to_date, actor,
                             created_at, updated_at)
     SELECT h.id, h.unit_id, $1, h.lease_id, h.from_date, h.to_date, $2, $3::timestamptz,
            $3::timestamptz
       FROM jsonb_to_recordset($4::jsonb)
         AS h(id text, unit_id text, lease_id text, from_date date, to_date date)`,
    siteId,
    actor,
    at.toISOString(),
    JSON.stringify(
      holds.map((h) => ({
        id: h.id,
        unit_id: h.unitId,
        lease_id: h.leaseId,
        from_date: h.fromDate,
        to_date: h.toDate,
      })),
    ),
  );
}

export interface StatusChange {
  unitId: string;
  from: UnitStatusName;
  to: UnitStatusName;
  reason: string;
}

/**
 * Moves units (locked by the caller's transaction) to new statuses with a history entry each
 * (who, when, why), as recordStatusChange does for one. Answers the history entries' ids by unit.
 */
export async function changeStatuses(
  tx: Tx,
  actor: string,
  at: Date,
  changes: readonly StatusChange[],
): Promise<Map<string, string>> {
  if (changes.length === 0) return new Map();
  const json = JSON.stringify(
    changes.map((c) => ({ unit_id: c.unitId, from: c.from, to: c.to, reason: c.reason })),
  );
  await tx.$executeRawUnsafe(
    `UPDATE units u SET status = c."to"::"UnitStatus", status_changed_at = $1::timestamptz,
                        updated_at = $1::timestamptz
       FROM jsonb_to_recordset($2::jsonb) AS c(unit_id text, "to" text)
      WHERE u.id = c.unit_id`,
    at.toISOString(),
    json,
  );
  const rows = await tx.$queryRawUnsafe<{ id: string; unit_id: string }[]>(
    `INSERT INTO unit_status_changes (unit_id, from_status, to_status, reason, actor, changed_at)
     SELECT c.unit_id, c."from"::"UnitStatus", c."to"::"UnitStatus", c.reason, $1, $2::timestamptz
       FROM jsonb_to_recordset($3::jsonb) AS c(unit_id text, "from" text, "to" text, reason text)
     RETURNING id::text AS id, unit_id`,
    actor,
    at.toISOString(),
    json,
  );
  return new Map(rows.map((r) => [r.unit_id, r.id]));
}
