import type { Tx } from "../deps.ts";
import { putBackSpan, type UnitPutBack } from "../domain/past-occupancy.ts";

// Past occupancy snapshots corrected for an import rolled back after the day of its release
// (domain/past-occupancy.ts says why this is exact). Today's snapshot is recomputed from the
// unit facts as after any unit event; the days before it are corrected here.

/** What an assets rollback part says of the days its import counted in (absent before it did). */
export interface PastOccupancy {
  batchId: string;
  /** When the batch was released: its units counted from that day on. */
  releasedAt: Date;
  /** When the rollback occurred (the event's `occurredAt`). */
  rolledBackAt: Date;
  unitsPutBack: readonly UnitPutBack[];
}

/**
 * A unit taken out of (`units` -1) or put into (+1) a status in a site's snapshots of the days
 * from `from`'s to the one before `until`'s (the site's time zone).
 */
export interface SnapshotChange {
  siteId: string;
  status: string;
  units: 1 | -1;
  /** The unit's gross area (m², decimal text). */
  area: string;
  from: Date;
  until: Date;
}

/**
 * Puts back, in the unit facts, the statuses the rollback put back that still show the import's
 * (see `putBackSpan`), and answers how each unit put back moves in the past snapshots — each
 * once per batch (`occupancy_put_backs`), so a rollback heard of again moves nothing. Only the
 * organisation's own units.
 */
export async function putStatusesBack(
  tx: Tx,
  orgId: string,
  siteId: string,
  past: PastOccupancy,
  now: Date,
): Promise<SnapshotChange[]> {
  if (past.unitsPutBack.length === 0) return [];
  const rows = await tx.$queryRawUnsafe<
    { unit_id: string; site_id: string; status: string; changed_at: Date; area: string }[]
  >(
    `WITH fresh AS (
       INSERT INTO occupancy_put_backs (batch_id, unit_id, org_id, site_id, corrected_at)
       SELECT $1, unnest($2::text[]), $3, $4, $5::timestamptz
       ON CONFLICT (batch_id, unit_id) DO NOTHING
       RETURNING unit_id)
     SELECT f.unit_id, f.site_id, f.status, f.status_changed_at AS changed_at,
            coalesce(f.gross_area_m2, 0)::text AS area
       FROM unit_facts f JOIN fresh USING (unit_id)
      WHERE f.org_id = $3
      ORDER BY f.unit_id
        FOR UPDATE OF f`,
    past.batchId,
    past.unitsPutBack.map((p) => p.unitId),
    orgId,
    siteId,
    now.toISOString(),
  );
  const putBacks = new Map(past.unitsPutBack.map((p) => [p.unitId, p]));
  const changes: SnapshotChange[] = [];
  const apply: UnitPutBack[] = [];
  for (const row of rows) {
    const putBack = putBacks.get(row.unit_id)!;
    const shown = { status: row.status, changedAt: row.changed_at };
    const span = putBackSpan(shown, putBack, past.releasedAt, past.rolledBackAt, now);
    if (!span) continue;
    if (span.apply) apply.push(putBack);
    const moved = { siteId: row.site_id, area: row.area, from: past.releasedAt, until: span.until };
    changes.push(
      { ...moved, status: putBack.from, units: -1 },
      { ...moved, status: putBack.to, units: 1 },
    );
  }
  if (apply.length > 0)
    // As the unit's own status event would (at the rollback: that event, heard later, is older).
    await tx.$executeRawUnsafe(
      `UPDATE unit_facts f SET status = p.status, status_changed_at = $3::timestamptz
         FROM unnest($2::text[], $4::text[]) AS p(unit_id, status)
        WHERE f.unit_id = p.unit_id AND f.org_id = $1`,
      orgId,
      apply.map((p) => p.unitId),
      past.rolledBackAt.toISOString(),
      apply.map((p) => p.to),
    );
  return changes;
}

/**
 * Applies the changes to the organisation's snapshots of the days before today (`now`, the
 * site's time zone) that have one — a day without a snapshot keeps the last one before it, which
 * is then corrected — under the site's unit totals lock. A status left without units is dropped
 * from its day, as a snapshot has no row for a status without units.
 */
export async function correctPastSnapshots(
  tx: Tx,
  orgId: string,
  changes: readonly SnapshotChange[],
  now: Date,
): Promise<void> {
  if (changes.length === 0) return;
  const sites = [...new Set(changes.map((c) => c.siteId))].sort();
  for (const siteId of sites)
    await tx.$executeRawUnsafe(
      `SELECT pg_advisory_xact_lock(hashtext($1))`,
      `unit-totals:${siteId}`,
    );
  await tx.$executeRawUnsafe(
    `WITH c AS (
       SELECT x.site_id, x.status, x.units, x.units * x.area AS area,
              (x.from_at AT TIME ZONE z.zone)::date AS from_day,
              least((x.until_at AT TIME ZONE z.zone)::date,
                    ($3::timestamptz AT TIME ZONE z.zone)::date) AS until_day
         FROM jsonb_to_recordset($2::jsonb)
                AS x(site_id text, status text, units int, area numeric, from_at timestamptz,
                     until_at timestamptz)
        CROSS JOIN LATERAL (SELECT coalesce((SELECT time_zone FROM site_facts
                                              WHERE site_id = x.site_id), 'UTC') AS zone) z),
     days AS (
       SELECT DISTINCT o.site_id, o.day FROM occupancy_snapshots o
        WHERE o.org_id = $1 AND o.site_id IN (SELECT site_id FROM c)
          AND o.day >= (SELECT min(from_day) FROM c) AND o.day < (SELECT max(until_day) FROM c)),
     moved AS (
       SELECT d.site_id, d.day, c.status, sum(c.units)::int AS units, sum(c.area) AS area
         FROM days d JOIN c ON c.site_id = d.site_id AND d.day >= c.from_day AND d.day < c.until_day
        GROUP BY d.site_id, d.day, c.status)
     INSERT INTO occupancy_snapshots (org_id, site_id, day, status, units, area_m2)
     SELECT $1, site_id, day, status, units, area FROM moved
     ON CONFLICT (site_id, day, status) DO UPDATE
       SET units = occupancy_snapshots.units + EXCLUDED.units,
           area_m2 = occupancy_snapshots.area_m2 + EXCLUDED.area_m2
       WHERE occupancy_snapshots.org_id = EXCLUDED.org_id`,
    orgId,
    JSON.stringify(
      changes.map((c) => ({
        site_id: c.siteId,
        status: c.status,
        units: c.units,
        area: c.area,
        from_at: c.from.toISOString(),
        until_at: c.until.toISOString(),
      })),
    ),
    now.toISOString(),
  );
  await tx.$executeRawUnsafe(
    `DELETE FROM occupancy_snapshots
      WHERE org_id = $1 AND site_id = ANY($2::text[]) AND units <= 0
        AND day < ($3::timestamptz AT TIME ZONE
                   coalesce((SELECT time_zone FROM site_facts f
                              WHERE f.site_id = occupancy_snapshots.site_id), 'UTC'))::date`,
    orgId,
    sites,
    now.toISOString(),
  );
}
