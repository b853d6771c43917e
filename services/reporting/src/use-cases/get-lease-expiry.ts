import { parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { daysBetween } from "@slms/primitives/civil-date";
import { z } from "zod";
import { reportScope } from "../db/scope.ts";
import type { ReportingDeps } from "../deps.ts";
import { hundredthsOf } from "../domain/occupancy.ts";

const input = z.object({
  months: z.number().int().min(0).max(60, "must be at most 60").optional(),
});

/** Leases ending in one month (or later), their area and monthly rent. */
export interface ExpiryBucket {
  /** YYYY-MM; "later" for every lease ending after the last month shown. */
  month: string;
  leases: number;
  areaHundredths: bigint;
  monthlyRentMinor: bigint;
}

/** Active leases of a site (or of every site) by the month they end, with WALE. */
export interface LeaseExpiryView {
  siteId: string | null;
  activeLeases: number;
  /** Weighted average lease expiry, years, by monthly rent and by let area; null when no weight. */
  waleYearsByRent: number | null;
  waleYearsByArea: number | null;
  buckets: ExpiryBucket[];
}

interface Row {
  site_id: string;
  end_date: string;
  today: string;
  area: string;
  monthly_rent_minor: bigint;
}

/**
 * The lease expiry profile: active leases ending in each of the next `months` months (default
 * 24; the current month first, leases past their end date but not yet expired included in it)
 * and later, with their let area (units' gross area) and rent per month, and the WALE by rent
 * and by area — per site (days in the site's time zone) and for all of them together.
 */
export async function getLeaseExpiry(
  deps: ReportingDeps,
  caller: Caller,
  siteId: string | undefined,
  request: z.input<typeof input>,
): Promise<{ sites: LeaseExpiryView[]; total: LeaseExpiryView }> {
  const { months } = parseInput(input, request, "request");
  const horizon = months || 24;
  const scope = await reportScope(deps.db, caller, siteId);
  const rows = await deps.db.$queryRawUnsafe<Row[]>(
    `SELECT l.site_id, to_char(l.end_date, 'YYYY-MM-DD') AS end_date,
            to_char(($3::timestamptz AT TIME ZONE coalesce(s.time_zone, 'UTC'))::date, 'YYYY-MM-DD') AS today,
            coalesce((SELECT sum(u.gross_area_m2) FROM unit_facts u WHERE u.unit_id = ANY (l.unit_ids)), 0)::text AS area,
            l.monthly_rent_minor
       FROM lease_facts l LEFT JOIN site_facts s ON s.site_id = l.site_id
      WHERE l.org_id = $1 AND ($2::text[] IS NULL OR l.site_id = ANY ($2::text[]))
        AND l.status = 'active' AND l.end_date IS NOT NULL
      ORDER BY l.site_id`,
    scope.orgId,
    scope.siteIds,
    deps.clock().toISOString(),
  );
  const sites = new Map<string, Profile>();
  const total = new Profile(horizon, deps.clock().toISOString().slice(0, 7));
  for (const row of rows) {
    let site = sites.get(row.site_id);
    if (!site) {
      site = new Profile(horizon, row.today.slice(0, 7));
      sites.set(row.site_id, site);
    }
    const lease = {
      endDate: row.end_date,
      daysLeft: Math.max(0, daysBetween(row.today, row.end_date)),
      area: hundredthsOf(row.area),
      rent: BigInt(row.monthly_rent_minor),
    };
    site.add(lease);
    total.add(lease);
  }
  if (siteId && !sites.has(siteId)) {
    sites.set(siteId, new Profile(horizon, deps.clock().toISOString().slice(0, 7)));
  }
  return {
    sites: [...sites].map(([id, profile]) => profile.view(id)),
    total: total.view(null),
  };
}

/** Sums of one site's (or every site's) active leases. */
class Profile {
  readonly #buckets: ExpiryBucket[];
  #leases = 0;
  #rentWeight = 0n;
  #rentDays = 0n;
  #areaWeight = 0n;
  #areaDays = 0n;

  constructor(months: number, firstMonth: string) {
    this.#buckets = [];
    let [year, month] = firstMonth.split("-").map(Number) as [number, number];
    for (let i = 0; i < months; i++) {
      this.#buckets.push(bucket(`${year}-${String(month).padStart(2, "0")}`));
      month = month === 12 ? 1 : month + 1;
      if (month === 1) year++;
    }
    this.#buckets.push(bucket("later"));
  }

  add(lease: { endDate: string; daysLeft: number; area: bigint; rent: bigint }) {
    const month = lease.endDate.slice(0, 7);
    const target =
      month < this.#buckets[0]!.month
        ? this.#buckets[0]!
        : (this.#buckets.find((b) => b.month === month) ?? this.#buckets.at(-1)!);
    target.leases++;
    target.areaHundredths += lease.area;
    target.monthlyRentMinor += lease.rent;
    this.#leases++;
    this.#rentWeight += lease.rent;
    this.#rentDays += lease.rent * BigInt(lease.daysLeft);
    this.#areaWeight += lease.area;
    this.#areaDays += lease.area * BigInt(lease.daysLeft);
  }

  view(siteId: string | null): LeaseExpiryView {
    const years = (weightedDays: bigint, weight: bigint) =>
      weight === 0n ? null : Number(weightedDays) / Number(weight) / 365.25;
    return {
      siteId,
      activeLeases: this.#leases,
      waleYearsByRent: years(this.#rentDays, this.#rentWeight),
      waleYearsByArea: years(this.#areaDays, this.#areaWeight),
      buckets: this.#buckets.map((b) => ({ ...b })),
    };
  }
}

const bucket = (month: string): ExpiryBucket => ({
  month,
  leases: 0,
  areaHundredths: 0n,
  monthlyRentMinor: 0n,
});
