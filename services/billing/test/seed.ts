import pg from "pg";

/**
 * Seeds billing's copy of `leases` active leases (as their `contracts.lease.activated` events
 * would) straight into the tables, with a monthly rent line from January for `months` months —
 * fast enough for thousands of leases. The billing run reads exactly these tables.
 */
export async function seedLeases(
  url: string,
  options: { orgId: string; siteIds: string[]; leases: number; months: number; rentMinor?: number },
): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO billing_leases (id, org_id, site_id, customer_id, unit_ids, currency, time_zone, status, start_date, end_date, late_fee, updated_at)
       SELECT 'lea_seed_' || i, $1, ($2::text[])[1 + (i % array_length($2::text[], 1))], 'cus_seed_' || i, ARRAY['unt_seed_' || i],
              'CNY', 'Asia/Shanghai', 'active', DATE '2026-01-01', (DATE '2026-01-01' + make_interval(months => $4::int) - interval '1 day')::date,
              '{"graceDays":5,"dailyBasisPoints":5,"capBasisPoints":2000}'::jsonb, now()
       FROM generate_series(1, $3) AS i`,
      [options.orgId, options.siteIds, options.leases, options.months],
    );
    await client.query(
      `INSERT INTO scheduled_charges (lease_id, fee_code, period_start, period_end, amount_minor, issue_date, due_date, org_id, site_id, customer_id, currency)
       SELECT l.id, 'rent', d::date, (d + interval '1 month' - interval '1 day')::date, $2, (d - interval '10 days')::date,
              (d + interval '4 days')::date, l.org_id, l.site_id, l.customer_id, 'CNY'
       FROM billing_leases l
       CROSS JOIN generate_series(DATE '2026-01-01', DATE '2026-01-01' + make_interval(months => $1::int - 1), interval '1 month') AS d
       WHERE l.id LIKE 'lea_seed_%'`,
      [options.months, options.rentMinor ?? 500_000],
    );
  } finally {
    await client.end();
  }
}
