import type { Caller } from "@slms/grpc";
import { reportScope } from "../db/scope.ts";
import type { ReportingDeps } from "../deps.ts";
import { sum, type Tally } from "../domain/occupancy.ts";
import { getDataFreshness } from "./get-data-freshness.ts";
import { getOccupancy } from "./get-occupancy.ts";

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

interface PaymentRow {
  site_id: string;
  collected: bigint;
}

/**
 * HQ's dashboard: for every site in scope (or one), occupancy, the rent roll's total, leases
 * ending within 90 days, deposits held, money collected this month and data freshness — and the
 * same for all of them together. Money is summed per site in its own currency; the total adds
 * minor units across sites, so it is meaningful only when they share one currency.
 */
export async function getDashboard(
  deps: ReportingDeps,
  caller: Caller,
  siteId: string | undefined,
): Promise<{ sites: DashboardFigures[]; total: DashboardFigures }> {
  const scope = reportScope(caller, siteId);
  const now = deps.clock().toISOString();
  const [occupancy, freshness] = [
    await getOccupancy(deps, caller, siteId),
    await getDataFreshness(deps, caller, siteId, {}),
  ];
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
  const ids = new Set<string>([
    ...occupancy.sites.map((s) => s.siteId),
    ...freshness.sites.map((s) => s.siteId),
    ...leases.map((l) => l.site_id),
    ...payments.map((p) => p.site_id),
  ]);
  const sites = [...ids].sort().map((id): DashboardFigures => {
    const lease = leases.find((l) => l.site_id === id);
    const fresh = freshness.sites.find((s) => s.siteId === id);
    return {
      siteId: id,
      occupancy: occupancy.sites.find((s) => s.siteId === id)?.total ?? sum([]),
      activeLeases: lease?.active ?? 0,
      monthlyRentMinor: BigInt(lease?.rent ?? 0),
      expiringIn90Days: lease?.expiring ?? 0,
      depositsHeldMinor: BigInt(lease?.deposits ?? 0),
      collectedThisMonthMinor: BigInt(payments.find((p) => p.site_id === id)?.collected ?? 0),
      lastEventAt: fresh?.lastEventAt ?? null,
      quiet: fresh?.quiet ?? true,
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
      lastEventAt: latest,
      quiet: sites.length > 0 && sites.every((s) => s.quiet),
    },
  };
}
