// Reporting benchmark: the HQ dashboard (GetDashboard over gRPC, every site of the organisation)
// on read models the size of a large group — 200 sites, 50,000 units, 40,000 active leases,
// 1,000,000 bills (one in twenty open) and 1,000,000 payments — against, in the same run, the same figures computed by one direct SQL
// statement over the same tables (no service, no gRPC). The read models, and the per-site totals
// the service keeps beside them, are seeded with SQL as the events would have left them; the
// service runs as its own process in infrastructure mode.
//
//   npm run bench:reporting            (CALLS=200 by default)
import { ReportingServiceClient, type ReportingServiceDefinition } from "@slms/contracts/reporting";
import { applyMigrations } from "@slms/db";
import { type Caller, createClient } from "@slms/grpc";
import pg from "pg";
import { migrationsDir } from "../../services/reporting/src/service.ts";
import {
  dropDatabases,
  rabbitUrl,
  recreateDatabases,
  removeBrokerTopology,
  start,
  stopAll,
} from "../lib.ts";

const calls = Number(process.env.CALLS ?? 200);
const database = "slms_bench_reporting";
const exchange = "slms.bench.reporting";
const grpcPort = 50257;
const caller: Caller = {
  actor: "usr_bench",
  orgId: "org_bench",
  siteIds: "all",
  roles: ["hq_admin"],
};

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function timed(run: () => Promise<unknown>) {
  for (let i = 0; i < 10; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), max: times.at(-1)! };
}

try {
  const { reporting: url } = await recreateDatabases({ reporting: database });
  await applyMigrations({ url, migrationsDir });
  const sql = new pg.Client({ connectionString: url });
  await sql.connect();
  const started = performance.now();
  await sql.query(`
    INSERT INTO site_facts (site_id, org_id, code, name, kind, time_zone, currency, as_of)
    SELECT 'sit_' || s, 'org_bench', 'S' || s, 'Site ' || s, 'office', 'Asia/Shanghai', 'CNY', now()
      FROM generate_series(1, 200) s;
    INSERT INTO site_activity (site_id, type, org_id, last_occurred_at, events)
    SELECT 'sit_' || s, t, 'org_bench', now() - (s || ' hours')::interval, 1000
      FROM generate_series(1, 200) s,
           unnest(ARRAY['assets.unit.created', 'billing.bill.issued', 'payments.payment.recorded']) t;
    INSERT INTO unit_facts (unit_id, org_id, site_id, code, kind, gross_area_m2, list_rent_monthly_minor,
                            currency, status, status_changed_at)
    SELECT 'unt_' || u, 'org_bench', 'sit_' || (u % 200 + 1), 'U' || u,
           (ARRAY['office', 'shop', 'apartment'])[u % 3 + 1], 50 + (u % 100), 1000000, 'CNY',
           (ARRAY['leased', 'leased', 'leased', 'vacant', 'reserved', 'maintenance', 'inactive'])[u % 7 + 1],
           now()
      FROM generate_series(1, 50000) u;
    INSERT INTO lease_facts (lease_id, org_id, site_id, customer_id, reference, unit_ids, start_date,
                             end_date, status, monthly_rent_minor, currency, terms_version,
                             deposit_held_minor)
    SELECT 'lea_' || l, 'org_bench', 'sit_' || (l % 200 + 1), 'cus_' || l, 'L' || l,
           ARRAY['unt_' || l], date '2025-01-01', date '2026-07-01' + (l % 900), 'active',
           500000 + l, 'CNY', 1, 1000000
      FROM generate_series(1, 40000) l;
    INSERT INTO payment_entries (payment_id, org_id, site_id, customer_id, method, amount_minor,
                                 currency, received_at, receipt_number, cashier)
    SELECT 'pay_' || p, 'org_bench', 'sit_' || (p % 200 + 1), 'cus_' || (p % 40000), 'wechat_pay',
           10000 + p % 5000, 'CNY', now() - ((p % 365) || ' days')::interval - ((p % 86400) || ' seconds')::interval,
           'R' || p, 'usr_' || (p % 50)
      FROM generate_series(1, 1000000) p;
    INSERT INTO bill_facts (bill_id, org_id, site_id, lease_id, customer_id, fee_code, kind,
                            period_start, period_end, issue_date, due_date, currency, amount_minor,
                            allocated_minor, waived_minor, version)
    SELECT 'bil_' || b, 'org_bench', 'sit_' || (b % 200 + 1), 'lea_' || (b % 40000 + 1),
           'cus_' || (b % 40000 + 1), (ARRAY['rent', 'mgmt', 'water'])[b % 3 + 1], 'charge',
           due - 4, due + 26, due - 14, due, 'CNY', 500000,
           CASE WHEN b % 20 = 0 THEN 0 ELSE 500000 END, 0, 1
      FROM (SELECT b, (date_trunc('month', current_date) - ((b % 25) || ' months')::interval)::date + 4 AS due
              FROM generate_series(1, 1000000) b) x;
    INSERT INTO bill_due_totals (org_id, site_id, due_date, amount_minor, allocated_minor, waived_minor)
    SELECT org_id, site_id, due_date, sum(amount_minor), sum(allocated_minor), sum(waived_minor)
      FROM bill_facts GROUP BY org_id, site_id, due_date;
    INSERT INTO payment_day_totals (org_id, site_id, day, received_minor, reversed_minor)
    SELECT p.org_id, p.site_id, (p.received_at AT TIME ZONE s.time_zone)::date, sum(p.amount_minor),
           coalesce(sum(p.amount_minor) FILTER (WHERE p.reversed_at IS NOT NULL), 0)
      FROM payment_entries p JOIN site_facts s USING (site_id) GROUP BY 1, 2, 3;
    INSERT INTO site_unit_totals (org_id, site_id, status, units, area_m2)
    SELECT org_id, site_id, status, count(*), sum(gross_area_m2) FROM unit_facts GROUP BY 1, 2, 3;
    ANALYZE;`);
  console.log(
    `seeded 200 sites, 50,000 units, 40,000 leases, 1,000,000 payments, 1,000,000 bills in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  await start(
    "services/reporting/src/main.ts",
    {
      LOG_LEVEL: "info", // the ready line is an info line
      REPORTING_DATABASE_URL: url,
      RABBITMQ_URL: rabbitUrl,
      RABBITMQ_EXCHANGE: exchange,
      RABBITMQ_QUEUE_PREFIX: "bench",
      GRPC_PORT: String(grpcPort),
    },
    /serving gRPC/,
  );
  const client = createClient<ReportingServiceDefinition>(
    ReportingServiceClient,
    `127.0.0.1:${grpcPort}`,
  );
  let sites = 0;
  const service = await timed(async () => {
    sites = (await client.GetDashboard({ siteId: "" }, { caller })).sites.length;
  });
  if (sites !== 200) throw new Error(`dashboard answered ${sites} sites`);
  client.close();

  // Baseline: the same figures straight from the tables, one statement, one connection.
  const baseline = await timed(() =>
    sql.query(
      `WITH occ AS (
         SELECT site_id, status, count(*) AS units, sum(gross_area_m2) AS area
           FROM unit_facts WHERE org_id = $1 GROUP BY site_id, status),
       leases AS (
         SELECT site_id, count(*) FILTER (WHERE status = 'active') AS active,
                sum(monthly_rent_minor) FILTER (WHERE status = 'active') AS rent,
                count(*) FILTER (WHERE status = 'active' AND end_date <= current_date + 90) AS expiring,
                sum(deposit_held_minor) AS deposits
           FROM lease_facts WHERE org_id = $1 GROUP BY site_id),
       paid AS (
         SELECT site_id, sum(amount_minor) FILTER (WHERE reversed_at IS NULL) AS collected
           FROM payment_entries
          WHERE org_id = $1 AND received_at >= date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai'
          GROUP BY site_id),
       billed AS (
         SELECT site_id, sum(amount_minor - waived_minor) AS billed, sum(allocated_minor) AS billed_collected
           FROM bill_facts
          WHERE org_id = $1 AND due_date >= date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai')::date
            AND due_date < (date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai') + interval '1 month')::date
          GROUP BY site_id),
       arrears AS (
         SELECT site_id, sum(amount_minor - allocated_minor - waived_minor) AS arrears
           FROM bill_facts
          WHERE org_id = $1 AND amount_minor > allocated_minor + waived_minor
            AND due_date < (now() AT TIME ZONE 'Asia/Shanghai')::date
          GROUP BY site_id),
       fresh AS (SELECT site_id, max(last_occurred_at) AS last FROM site_activity WHERE org_id = $1 GROUP BY site_id)
       SELECT f.site_id, l.active, l.rent, l.expiring, l.deposits, p.collected, b.billed,
              b.billed_collected, a.arrears, f.last,
              (SELECT json_agg(occ) FROM occ WHERE occ.site_id = f.site_id) AS occupancy
         FROM fresh f LEFT JOIN leases l USING (site_id) LEFT JOIN paid p USING (site_id)
              LEFT JOIN billed b USING (site_id) LEFT JOIN arrears a USING (site_id)`,
      [caller.orgId],
    ),
  );
  await sql.end();

  console.log(`\nHQ dashboard over 200 sites, ${calls} calls one after another; 2 cores shared\n`);
  const ms = (n: number) => n.toFixed(1);
  console.table([
    {
      what: "GetDashboard over gRPC (reporting service)",
      p50: ms(service.p50),
      p95: ms(service.p95),
      max: ms(service.max),
    },
    {
      what: "baseline: one SQL statement, same tables",
      p50: ms(baseline.p50),
      p95: ms(baseline.p95),
      max: ms(baseline.max),
    },
  ]);
  console.log(`service / baseline p95: ${(service.p95 / baseline.p95).toFixed(2)}×`);
  console.log(`target p95 ≤ 100 ms: ${service.p95 <= 100 ? "met" : "MISSED"}`);
} finally {
  stopAll();
  await new Promise((resolve) => setTimeout(resolve, 500));
  await removeBrokerTopology(exchange, ["bench.reporting.events"]);
  await dropDatabases([database]);
}
