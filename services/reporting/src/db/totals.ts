import type { Tx } from "../deps.ts";

// Per-site totals the dashboard reads instead of every unit and payment, each kept in the
// transaction of the event that changes it by recomputing the site's (or day's) rows from the
// read model under a per-site lock, so events applied concurrently never leave a total that
// misses one. (Bill totals per due date are added to atomically with each new movement: see
// APPLY_BILL in use-cases/apply-event.ts.)

const lockSite = (tx: Tx, what: string, siteId: string) =>
  tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext($1))`, `${what}:${siteId}`);

/**
 * The site's units and area per status, from its unit facts — and, as they now stand, today's
 * occupancy snapshot (`now` in the site's time zone).
 */
export async function refreshUnitTotals(
  tx: Tx,
  orgId: string,
  siteId: string,
  now: Date,
): Promise<void> {
  await lockSite(tx, "unit-totals", siteId);
  await tx.$executeRawUnsafe(`DELETE FROM site_unit_totals WHERE site_id = $1`, siteId);
  await tx.$executeRawUnsafe(
    `INSERT INTO site_unit_totals (org_id, site_id, status, units, area_m2)
     SELECT org_id, site_id, status, count(*), coalesce(sum(gross_area_m2), 0)
       FROM unit_facts WHERE org_id = $1 AND site_id = $2
      GROUP BY org_id, site_id, status`,
    orgId,
    siteId,
  );
  const today = `($2::timestamptz AT TIME ZONE
    coalesce((SELECT time_zone FROM site_facts WHERE site_id = $1), 'UTC'))::date`;
  await tx.$executeRawUnsafe(
    `DELETE FROM occupancy_snapshots WHERE site_id = $1 AND day = ${today}`,
    siteId,
    now.toISOString(),
  );
  await tx.$executeRawUnsafe(
    `INSERT INTO occupancy_snapshots (org_id, site_id, day, status, units, area_m2)
     SELECT org_id, site_id, ${today}, status, units, area_m2 FROM site_unit_totals
      WHERE site_id = $1`,
    siteId,
    now.toISOString(),
  );
}

/**
 * The site's payments received and reversed per day in its time zone: the day of `receivedAt`,
 * or every day when it is null (the site's time zone became known or changed).
 */
export async function refreshPaymentDays(
  tx: Tx,
  orgId: string,
  siteId: string,
  receivedAt: string | null,
): Promise<void> {
  await lockSite(tx, "payment-days", siteId);
  const zone = `coalesce((SELECT time_zone FROM site_facts WHERE site_id = $2), 'UTC')`;
  const day = `(p.received_at AT TIME ZONE ${zone})::date`;
  if (receivedAt === null) {
    await tx.$executeRawUnsafe(
      `DELETE FROM payment_day_totals WHERE site_id = $1 AND org_id = $2`,
      siteId,
      orgId,
    );
  }
  await tx.$executeRawUnsafe(
    `INSERT INTO payment_day_totals (org_id, site_id, day, received_minor, reversed_minor)
     SELECT $1, $2, ${day}, sum(p.amount_minor),
            coalesce(sum(p.amount_minor) FILTER (WHERE p.reversed_at IS NOT NULL), 0)
       FROM payment_entries p
      WHERE p.org_id = $1 AND p.site_id = $2
        AND ($3::timestamptz IS NULL OR ${day} = ($3::timestamptz AT TIME ZONE ${zone})::date)
        -- a day either side of the instant bounds the scan whatever the zone
        AND ($3::timestamptz IS NULL OR p.received_at BETWEEN $3::timestamptz - interval '1 day'
                                                          AND $3::timestamptz + interval '1 day')
      GROUP BY 3
     ON CONFLICT (site_id, day) DO UPDATE
       SET received_minor = EXCLUDED.received_minor, reversed_minor = EXCLUDED.reversed_minor`,
    orgId,
    siteId,
    receivedAt,
  );
}
