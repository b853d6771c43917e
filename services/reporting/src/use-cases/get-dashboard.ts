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

interface BilledRow {
  site_id: string;
  billed: bigint;
  collected: bigint;
}

interface ArrearsRow {
  site_id: string;
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
  // One statement per read model, each grouped by site only: the dashboard needs no split by
  // kind or building (bench/reporting).
  const units = await deps.db.$queryRawUnsafe<UnitRow[]>(
    `SELECT site_id, status, count(*)::int AS units, coalesce(sum(gross_area_m2), 0)::text AS area
       FROM unit_facts
      WHERE org_id = $1 AND ($2::text[] IS NULL OR site_id = ANY ($2::text[]))
      GROUP BY site_id, status`,
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
    `SELECT p.site_id, coalesce(sum(p.amount_minor) FILTER (WHERE p.reversed_at IS NULL), 0)::bigint AS collected
       FROM payment_entries p LEFT JOIN site_facts s ON s.site_id = p.site_id
      WHERE p.org_id = $1 AND ($2::text[] IS NULL OR p.site_id = ANY ($2::text[]))
        AND p.received_at >= $3::timestamptz - interval '32 days'
        AND date_trunc('month', p.received_at AT TIME ZONE coalesce(s.time_zone, 'UTC'))
          = date_trunc('month', $3::timestamptz AT TIME ZONE coalesce(s.time_zone, 'UTC'))
      GROUP BY p.site_id`,
    scope.orgId,
    scope.siteIds,
    now,
  );
  // This month's bills: a day either side covers every time zone, then each site's own month.
  const billed = await deps.db.$queryRawUnsafe<BilledRow[]>(
    `SELECT b.site_id, sum(b.amount_minor - b.waived_minor)::bigint AS billed,
            sum(b.allocated_minor)::bigint AS collected
       FROM bill_facts b LEFT JOIN site_facts s ON s.site_id = b.site_id
      WHERE b.org_id = $1 AND ($2::text[] IS NULL OR b.site_id = ANY ($2::text[]))
        AND b.due_date >= (date_trunc('month', $3::timestamptz AT TIME ZONE 'UTC') - interval '1 day')::date
        AND b.due_date < (date_trunc('month', $3::timestamptz AT TIME ZONE 'UTC') + interval '1 month 1 day')::date
        AND date_trunc('month', b.due_date::timestamp)
          = date_trunc('month', $3::timestamptz AT TIME ZONE coalesce(s.time_zone, 'UTC'))
      GROUP BY b.site_id`,
    scope.orgId,
    scope.siteIds,
    now,
  );
  // Open bills past due (the partial index of open bills).
  const arrears = await deps.db.$queryRawUnsafe<ArrearsRow[]>(
    `SELECT b.site_id, sum(b.amount_minor - b.allocated_minor - b.waived_minor)::bigint AS arrears
       FROM bill_facts b LEFT JOIN site_facts s ON s.site_id = b.site_id
      WHERE b.org_id = $1 AND ($2::text[] IS NULL OR b.site_id = ANY ($2::text[]))
        AND b.amount_minor > b.allocated_minor + b.waived_minor
        AND b.due_date < ($3::timestamptz AT TIME ZONE coalesce(s.time_zone, 'UTC'))::date
      GROUP BY b.site_id`,
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
  const billedBySite = new Map(billed.map((b) => [b.site_id, b]));
  const arrearsBySite = new Map(arrears.map((a) => [a.site_id, a.arrears]));
  const lastBySite = new Map(activity.map((a) => [a.site_id, a.last]));
  const quietSince = clock.getTime() - QUIET_AFTER_DAYS * 86_400_000;
  const ids = new Set<string>([
    ...occupancy.keys(),
    ...lastBySite.keys(),
    ...leaseBySite.keys(),
    ...paidBySite.keys(),
    ...billedBySite.keys(),
    ...arrearsBySite.keys(),
    ...(siteId ? [siteId] : []),
  ]);
  const sites = [...ids].sort().map((id): DashboardFigures => {
    const lease = leaseBySite.get(id);
    const bill = billedBySite.get(id);
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
      arrearsMinor: BigInt(arrearsBySite.get(id) ?? 0),
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
