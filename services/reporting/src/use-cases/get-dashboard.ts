import type { Caller } from "@slms/grpc";
import { reportScope } from "../db/scope.ts";
import type { ReportingDeps } from "../deps.ts";
import {
  count,
  emptyTally,
  hundredthsOf,
  QUIET_AFTER_DAYS,
  statusOf,
  sum,
  type Tally,
} from "../domain/occupancy.ts";

/** The headline figures of one site, or of every site together (`siteId` null). */
export interface DashboardFigures {
  siteId: string | null;
  occupancy: Tally;
  activeLeases: number;
  /** Rent per month of every active lease, minor units. */
  monthlyRentMinor: bigint;
  /** Active leases ending within 90 days (the site's today included). */
  expiringIn90Days: number;
  /** Deposits held for every lease, minor units. */
  depositsHeldMinor: bigint;
  /** Payments received this calendar month (site time zone), less those reversed since. */
  collectedThisMonthMinor: bigint;
  /** Bills due this calendar month: their amount less waivers. */
  billedThisMonthMinor: bigint;
  /** Of those, allocated to date: the month's collection rate is this over billed. */
  billedThisMonthCollectedMinor: bigint;
  /** Balances of bills past their due date (arrears). */
  arrearsMinor: bigint;
  lastEventAt: Date | null;
  quiet: boolean;
}

interface LeaseRow {
  site_id: string;
  active: number;
  rent: bigint;
  expiring: number;
  deposits: bigint;
}

interface UnitRow {
  site_id: string;
  status: string;
  units: number;
  area: string;
}

interface ActivityRow {
  site_id: string;
  last: Date;
}

interface PaymentRow {
  site_id: string;
  collected: bigint;
}

interface BillRow {
  site_id: string;
  billed: bigint;
  collected: bigint;
  arrears: bigint;
}

/**
 * HQ's dashboard: for every site in scope (or one), occupancy, the rent roll's total, leases
 * ending within 90 days, deposits held, money collected this month, this month's bills and how
 * much of them is collected, arrears and data freshness — and the
 * same for all of them together. Money is summed per site in its own currency; the total adds
 * minor units across sites, so it is meaningful only when they share one currency.
 */
export async function getDashboard(
  deps: ReportingDeps,
  caller: Caller,
  siteId: string | undefined,
): Promise<{ sites: DashboardFigures[]; total: DashboardFigures }> {
  const scope = await reportScope(deps.db, caller, siteId);
  const clock = deps.clock();
  const now = clock.toISOString();
  // One statement per read model, each grouped by site only: units, payments and bills from
  // their per-site totals (db/totals.ts), leases and freshness from their own rows
  // (bench/reporting).
  const units = await deps.db.$queryRawUnsafe<UnitRow[]>(
    `SELECT site_id, status, units, area_m2::text AS area FROM site_unit_totals
      WHERE org_id = $1 AND ($2::text[] IS NULL OR site_id = ANY ($2::text[]))`,
    scope.orgId,
    scope.siteIds,
  );
  const activity = await deps.db.$queryRawUnsafe<ActivityRow[]>(
    `SELECT site_id, max(last_occurred_at) AS last FROM site_activity
      WHERE org_id = $1 AND ($2::text[] IS NULL OR site_id = ANY ($2::text[]))
      GROUP BY site_id`,
    scope.orgId,
    scope.siteIds,
  );
  const leases = await deps.db.$queryRawUnsafe<LeaseRow[]>(
    `WITH l AS (
       SELECT l.*, ($3::timestamptz AT TIME ZONE coalesce(s.time_zone, 'UTC'))::date AS today
         FROM lease_facts l LEFT JOIN site_facts s ON s.site_id = l.site_id
        WHERE l.org_id = $1 AND ($2::text[] IS NULL OR l.site_id = ANY ($2::text[])))
     SELECT site_id,
            (count(*) FILTER (WHERE status = 'active' AND start_date IS NOT NULL))::int AS active,
            coalesce(sum(monthly_rent_minor) FILTER (WHERE status = 'active'), 0)::bigint AS rent,
            (count(*) FILTER (WHERE status = 'active' AND end_date <= today + 90))::int AS expiring,
            coalesce(sum(deposit_held_minor), 0)::bigint AS deposits
       FROM l GROUP BY site_id`,
    scope.orgId,
    scope.siteIds,
    now,
  );
  const payments = await deps.db.$queryRawUnsafe<PaymentRow[]>(
    `SELECT t.site_id, sum(t.received_minor - t.reversed_minor)::bigint AS collected
       FROM payment_day_totals t LEFT JOIN site_facts s ON s.site_id = t.site_id
      WHERE t.org_id = $1 AND ($2::text[] IS NULL OR t.site_id = ANY ($2::text[]))
        AND t.day >= ($3::timestamptz AT TIME ZONE 'UTC')::date - 32
        AND date_trunc('month', t.day::timestamp)
          = date_trunc('month', $3::timestamptz AT TIME ZONE coalesce(s.time_zone, 'UTC'))
      GROUP BY t.site_id`,
    scope.orgId,
    scope.siteIds,
    now,
  );
  // From the per-site, per-due-date totals (a few rows per site and month), not the bills.
  const billTotals = await deps.db.$queryRawUnsafe<BillRow[]>(
    `WITH t AS (
       SELECT t.*, ($3::timestamptz AT TIME ZONE coalesce(s.time_zone, 'UTC'))::date AS today
         FROM bill_due_totals t LEFT JOIN site_facts s ON s.site_id = t.site_id
        WHERE t.org_id = $1 AND ($2::text[] IS NULL OR t.site_id = ANY ($2::text[])))
     SELECT site_id,
            coalesce(sum(amount_minor - waived_minor)
              FILTER (WHERE date_trunc('month', due_date::timestamp) = date_trunc('month', today::timestamp)), 0)::bigint AS billed,
            coalesce(sum(allocated_minor)
              FILTER (WHERE date_trunc('month', due_date::timestamp) = date_trunc('month', today::timestamp)), 0)::bigint AS collected,
            coalesce(sum(amount_minor - allocated_minor - waived_minor)
              FILTER (WHERE due_date < today), 0)::bigint AS arrears
       FROM t GROUP BY site_id`,
    scope.orgId,
    scope.siteIds,
    now,
  );
  const occupancy = new Map<string, Tally>();
  for (const row of units) {
    let tally = occupancy.get(row.site_id);
    if (!tally) {
      tally = emptyTally();
      occupancy.set(row.site_id, tally);
    }
    count(tally, statusOf(row.status), row.units, hundredthsOf(row.area));
  }
  const leaseBySite = new Map(leases.map((l) => [l.site_id, l]));
  const paidBySite = new Map(payments.map((p) => [p.site_id, p.collected]));
  const billsBySite = new Map(billTotals.map((b) => [b.site_id, b]));
  const lastBySite = new Map(activity.map((a) => [a.site_id, a.last]));
  const quietSince = clock.getTime() - QUIET_AFTER_DAYS * 86_400_000;
  const ids = new Set<string>([
    ...occupancy.keys(),
    ...lastBySite.keys(),
    ...leaseBySite.keys(),
    ...paidBySite.keys(),
    ...billsBySite.keys(),
    ...(siteId ? [siteId] : []),
  ]);
  const sites = [...ids].sort().map((id): DashboardFigures => {
    const lease = leaseBySite.get(id);
    const bill = billsBySite.get(id);
    const last = lastBySite.get(id) ?? null;
    return {
      siteId: id,
      occupancy: occupancy.get(id) ?? emptyTally(),
      activeLeases: lease?.active ?? 0,
      monthlyRentMinor: BigInt(lease?.rent ?? 0),
      expiringIn90Days: lease?.expiring ?? 0,
      depositsHeldMinor: BigInt(lease?.deposits ?? 0),
      collectedThisMonthMinor: BigInt(paidBySite.get(id) ?? 0),
      billedThisMonthMinor: BigInt(bill?.billed ?? 0),
      billedThisMonthCollectedMinor: BigInt(bill?.collected ?? 0),
      arrearsMinor: BigInt(bill?.arrears ?? 0),
      lastEventAt: last,
      // As the freshness report: no event for QUIET_AFTER_DAYS, or none at all.
      quiet: !last || last.getTime() < quietSince,
    };
  });
  const latest = sites
    .map((s) => s.lastEventAt)
    .reduce<Date | null>((a, b) => (b && (!a || b > a) ? b : a), null);
  return {
    sites,
    total: {
      siteId: null,
      occupancy: sum(sites.map((s) => s.occupancy)),
      activeLeases: sites.reduce((n, s) => n + s.activeLeases, 0),
      monthlyRentMinor: sites.reduce((n, s) => n + s.monthlyRentMinor, 0n),
      expiringIn90Days: sites.reduce((n, s) => n + s.expiringIn90Days, 0),
      depositsHeldMinor: sites.reduce((n, s) => n + s.depositsHeldMinor, 0n),
      collectedThisMonthMinor: sites.reduce((n, s) => n + s.collectedThisMonthMinor, 0n),
      billedThisMonthMinor: sites.reduce((n, s) => n + s.billedThisMonthMinor, 0n),
      billedThisMonthCollectedMinor: sites.reduce(
        (n, s) => n + s.billedThisMonthCollectedMinor,
        0n,
      ),
      arrearsMinor: sites.reduce((n, s) => n + s.arrearsMinor, 0n),
      lastEventAt: latest,
      quiet: sites.length > 0 && sites.every((s) => s.quiet),
    },
  };
}
