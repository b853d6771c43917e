import { type Removal, rememberRemoved } from "@slms/db";
import type { Tx } from "../deps.ts";
import {
  correctPastSnapshots,
  type PastOccupancy,
  putStatusesBack,
  type SnapshotChange,
} from "./past-occupancy.ts";
import { refreshUnitTotals } from "./totals.ts";

// Objects an import's rollback took away: their rows deleted, remembered (`removed_objects`,
// @slms/db removed-objects.ts, under the site's removal lock) so nothing heard of later brings
// one back.

/** The kinds of objects reporting keeps rows of. */
export type RemovableKind = "unit" | "customer" | "lease" | "bill" | "deposit";

/**
 * Removes the objects from the read models, under the site's removal lock: units (and the site's
 * unit totals and today's occupancy snapshot recomputed, as after any unit event), customers,
 * leases (with their deposit held and entries), bills (with their movements, taken off the site's
 * totals per due date), deposit entries (taken off what their lease holds); and remembers them.
 * With `past` (an assets part that says when its batch was released), the statuses it put back
 * are too, and the snapshots of the days from the release to yesterday are corrected for both
 * (past-occupancy.ts): the occupancy history is as if the import never happened. Only the
 * organisation's own rows are touched. Running it again changes nothing.
 */
export async function removeObjects(
  tx: Tx,
  removal: Removal,
  now: Date,
  past?: PastOccupancy,
): Promise<void> {
  const { orgId, objects } = removal;
  await rememberRemoved(tx, removal);
  const ids = (kind: RemovableKind) => objects[kind] ?? [];
  if (ids("unit").length > 0 || (past?.unitsPutBack.length ?? 0) > 0)
    await removeUnits(tx, removal, ids("unit"), now, past);
  if (ids("customer").length > 0)
    await tx.$executeRawUnsafe(
      `DELETE FROM customer_facts WHERE org_id = $1 AND customer_id = ANY($2::text[])`,
      orgId,
      ids("customer"),
    );
  if (ids("lease").length > 0) {
    await tx.$executeRawUnsafe(
      `DELETE FROM lease_facts WHERE org_id = $1 AND lease_id = ANY($2::text[])`,
      orgId,
      ids("lease"),
    );
    await tx.$executeRawUnsafe(
      `DELETE FROM deposit_entry_facts WHERE org_id = $1 AND lease_id = ANY($2::text[])`,
      orgId,
      ids("lease"),
    );
  }
  if (ids("bill").length > 0) await removeBills(tx, orgId, ids("bill"));
  if (ids("deposit").length > 0) await removeDepositEntries(tx, orgId, ids("deposit"));
}

/**
 * The units, and the statuses put back; the sites' unit totals and today's snapshot recomputed,
 * past snapshots corrected with `past`.
 */
async function removeUnits(
  tx: Tx,
  removal: Removal,
  unitIds: readonly string[],
  now: Date,
  past: PastOccupancy | undefined,
) {
  const { orgId } = removal;
  const gone = await tx.$queryRawUnsafe<{ site_id: string; status: string; area: string }[]>(
    `DELETE FROM unit_facts WHERE org_id = $1 AND unit_id = ANY($2::text[])
     RETURNING site_id, status, coalesce(gross_area_m2, 0)::text AS area`,
    orgId,
    unitIds,
  );
  const changes: SnapshotChange[] = [];
  if (past) {
    for (const unit of gone)
      changes.push({
        siteId: unit.site_id,
        status: unit.status,
        units: -1,
        area: unit.area,
        from: past.releasedAt,
        until: now,
      });
    changes.push(...(await putStatusesBack(tx, orgId, removal.siteId, past, now)));
  }
  const sites = new Set([...gone.map((u) => u.site_id), ...changes.map((c) => c.siteId)]);
  for (const siteId of [...sites].sort()) await refreshUnitTotals(tx, orgId, siteId, now);
  await correctPastSnapshots(tx, orgId, changes, now);
}

/**
 * The bills, their movements, and what those movements added to the totals per site and due date
 * (a total left at nothing is dropped, as if never made).
 */
async function removeBills(tx: Tx, orgId: string, billIds: readonly string[]) {
  const sites = await tx.$queryRawUnsafe<{ site_id: string }[]>(
    `WITH gone AS (DELETE FROM bill_facts WHERE org_id = $1 AND bill_id = ANY($2::text[])
                   RETURNING bill_id, site_id, due_date),
     moved AS (DELETE FROM bill_movements m USING gone g WHERE m.bill_id = g.bill_id
               RETURNING m.bill_id, m.amount_delta_minor, m.allocated_delta_minor,
                         m.waived_delta_minor),
     taken AS (SELECT g.site_id, g.due_date, sum(m.amount_delta_minor) AS amount,
                      sum(m.allocated_delta_minor) AS allocated, sum(m.waived_delta_minor) AS waived
                 FROM moved m JOIN gone g ON g.bill_id = m.bill_id
                GROUP BY g.site_id, g.due_date),
     totals AS (UPDATE bill_due_totals t
                   SET amount_minor = t.amount_minor - s.amount,
                       allocated_minor = t.allocated_minor - s.allocated,
                       waived_minor = t.waived_minor - s.waived
                  FROM taken s WHERE t.site_id = s.site_id AND t.due_date = s.due_date
                RETURNING t.site_id)
     SELECT DISTINCT site_id FROM totals ORDER BY site_id`,
    orgId,
    billIds,
  );
  await tx.$executeRawUnsafe(
    `DELETE FROM bill_due_totals
      WHERE site_id = ANY($1::text[]) AND amount_minor = 0 AND allocated_minor = 0
        AND waived_minor = 0`,
    sites.map((s) => s.site_id),
  );
}

/**
 * The entries, taken off what their leases' deposits hold. (An entry not heard of yet is not
 * known here; the entries an import makes are its leases' own, which go with the leases.)
 */
async function removeDepositEntries(tx: Tx, orgId: string, entryIds: readonly string[]) {
  await tx.$executeRawUnsafe(
    `WITH gone AS (DELETE FROM deposit_entry_facts WHERE org_id = $1 AND entry_id = ANY($2::text[])
                   RETURNING lease_id, amount_minor),
     per_lease AS (SELECT lease_id, sum(amount_minor) AS amount FROM gone GROUP BY lease_id)
     UPDATE lease_facts f SET deposit_held_minor = f.deposit_held_minor - p.amount
       FROM per_lease p WHERE f.lease_id = p.lease_id`,
    orgId,
    entryIds,
  );
}
