import { parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import type { z } from "zod";
import { reportScope } from "../db/scope.ts";
import type { ReportingDeps } from "../deps.ts";
import { basisPoints, hundredthsOf } from "../domain/occupancy.ts";
import { monthRange } from "../domain/ranges.ts";

const input = monthRange(24);

/** One site and month: all its let units, those of one building, or those of one unit kind. */
export interface RentYieldLine {
  siteId: string;
  /** YYYY-MM. */
  month: string;
  dimension: "total" | "building" | "kind";
  /** The building id (null: units outside any building) or the unit kind; null for the total. */
  key: string | null;
  currency: string;
  /** Units with rent billed for the month, and their gross area. */
  units: number;
  areaHundredths: bigint;
  /** Rent billed for the month's days, shared among a lease's units by area. */
  billedRentMinor: bigint;
  /** Per m² per month, half up; null without area. */
  rentPerM2MonthMinor: bigint | null;
  /** The same units' list rent per month, and per m². */
  listRentMinor: bigint;
  listRentPerM2MonthMinor: bigint | null;
  /** Billed over list rent (租金收益率 against 挂牌租金), basis points. */
  yieldBp: number;
}

interface Row {
  site_id: string;
  month: string;
  by_building: boolean;
  by_kind: boolean;
  building_id: string | null;
  kind: string | null;
  currency: string;
  units: number;
  area: string;
  billed: bigint;
  list: bigint;
}

/** Minor units per m² (area in hundredths), half up; null without area. */
const perM2 = (minor: bigint, areaHundredths: bigint) =>
  areaHundredths === 0n ? null : (minor * 200n + areaHundredths) / (2n * areaHundredths);

/**
 * Rent yield per m² (租金收益率) per site and month (at most 24): the rent billed for the month's
 * days — a bill's amount shared by the days of its period in the month, then among its lease's
 * units by gross area — per m² of the units it was billed for, against their list rent; for the
 * site, per building and per unit kind. Units without area are left out.
 */
export async function getRentYield(
  deps: ReportingDeps,
  caller: Caller,
  siteId: string | undefined,
  request: z.input<typeof input>,
): Promise<RentYieldLine[]> {
  const { fromMonth, toMonth } = parseInput(input, request, "request");
  const scope = await reportScope(deps.db, caller, siteId);
  const rows = await deps.db.$queryRawUnsafe<Row[]>(
    `WITH months AS (
       SELECT m::date AS first, (m + interval '1 month' - interval '1 day')::date AS last
         FROM generate_series($3::date, $4::date, interval '1 month') m),
     rent AS (
       SELECT b.lease_id, b.site_id, b.currency, mo.first AS month,
              b.amount_minor::numeric * (least(b.period_end, mo.last) - greatest(b.period_start, mo.first) + 1)
                / (b.period_end - b.period_start + 1) AS share
         FROM bill_facts b JOIN months mo ON b.period_start <= mo.last AND b.period_end >= mo.first
        WHERE b.org_id = $1 AND ($2::text[] IS NULL OR b.site_id = ANY ($2::text[]))
          AND b.fee_code = 'rent' AND b.kind = 'charge' AND b.lease_id IS NOT NULL),
     lease_units AS (
       SELECT l.lease_id, u.unit_id, u.building_id, u.kind, u.gross_area_m2 AS area,
              coalesce(u.list_rent_monthly_minor, 0) AS list,
              sum(u.gross_area_m2) OVER (PARTITION BY l.lease_id) AS lease_area
         FROM lease_facts l JOIN unit_facts u ON u.unit_id = ANY (l.unit_ids)
        WHERE l.org_id = $1 AND ($2::text[] IS NULL OR l.site_id = ANY ($2::text[]))
          AND u.gross_area_m2 > 0),
     per_unit AS (
       SELECT r.site_id, r.currency, r.month, lu.unit_id, lu.building_id, lu.kind, lu.area, lu.list,
              sum(r.share * lu.area / lu.lease_area) AS billed
         FROM rent r JOIN lease_units lu ON lu.lease_id = r.lease_id
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8)
     SELECT site_id, to_char(month, 'YYYY-MM') AS month, currency,
            GROUPING(building_id) = 0 AS by_building, GROUPING(kind) = 0 AS by_kind,
            building_id, kind, count(*)::int AS units, sum(area)::text AS area,
            round(sum(billed))::bigint AS billed, sum(list)::bigint AS list
       FROM per_unit
      GROUP BY GROUPING SETS ((site_id, month, currency), (site_id, month, currency, building_id),
                              (site_id, month, currency, kind))
      ORDER BY site_id, month, currency, by_kind, by_building, building_id NULLS FIRST, kind`,
    scope.orgId,
    scope.siteIds,
    `${fromMonth}-01`,
    `${toMonth}-01`,
  );
  return rows.map((row) => {
    const area = hundredthsOf(row.area);
    const billed = BigInt(row.billed);
    const list = BigInt(row.list);
    return {
      siteId: row.site_id,
      month: row.month,
      dimension: row.by_building ? "building" : row.by_kind ? "kind" : "total",
      key: row.by_building ? row.building_id : row.by_kind ? row.kind : null,
      currency: row.currency,
      units: row.units,
      areaHundredths: area,
      billedRentMinor: billed,
      rentPerM2MonthMinor: perM2(billed, area),
      listRentMinor: list,
      listRentPerM2MonthMinor: perM2(list, area),
      yieldBp: basisPoints(billed, list),
    };
  });
}
