import { parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import type { z } from "zod";
import { reportScope } from "../db/scope.ts";
import type { ReportingDeps } from "../deps.ts";
import { count, emptyTally, hundredthsOf, statusOf, sum, type Tally } from "../domain/occupancy.ts";
import { dateRange } from "../domain/ranges.ts";

const input = dateRange(366);

export interface OccupancyDay {
  /** Null for every site of the answer together. */
  siteId: string | null;
  date: string;
  tally: Tally;
}

interface Row {
  site_id: string;
  day: string;
  status: string;
  units: number;
  area: string;
}

/**
 * Occupancy over time: each site's units and area by status at the end of each day from
 * `fromDate` to `toDate` (at most 366), from the daily snapshots — a day without one kept the
 * figures of the last day before it that has one; before a site's first snapshot it has none —
 * and every site together per day.
 */
export async function getOccupancyHistory(
  deps: ReportingDeps,
  caller: Caller,
  siteId: string | undefined,
  request: z.input<typeof input>,
): Promise<{ sites: OccupancyDay[]; total: OccupancyDay[] }> {
  const { fromDate, toDate } = parseInput(input, request, "request");
  const scope = await reportScope(deps.db, caller, siteId);
  const rows = await deps.db.$queryRawUnsafe<Row[]>(
    `WITH days AS (SELECT d::date AS day FROM generate_series($3::date, $4::date, interval '1 day') d),
     sites AS (
       SELECT DISTINCT site_id FROM occupancy_snapshots
        WHERE org_id = $1 AND ($2::text[] IS NULL OR site_id = ANY ($2::text[])) AND day <= $4::date),
     latest AS (
       SELECT s.site_id, days.day,
              (SELECT max(o.day) FROM occupancy_snapshots o
                WHERE o.org_id = $1 AND o.site_id = s.site_id AND o.day <= days.day) AS snapshot
         FROM sites s CROSS JOIN days)
     SELECT l.site_id, to_char(l.day, 'YYYY-MM-DD') AS day, o.status, o.units, o.area_m2::text AS area
       FROM latest l
       JOIN occupancy_snapshots o ON o.site_id = l.site_id AND o.day = l.snapshot
      ORDER BY l.site_id, l.day`,
    scope.orgId,
    scope.siteIds,
    fromDate,
    toDate,
  );
  const bySiteDay = new Map<string, OccupancyDay>();
  for (const row of rows) {
    const key = `${row.site_id}\u0000${row.day}`;
    let day = bySiteDay.get(key);
    if (!day) {
      day = { siteId: row.site_id, date: row.day, tally: emptyTally() };
      bySiteDay.set(key, day);
    }
    count(day.tally, statusOf(row.status), row.units, hundredthsOf(row.area));
  }
  const sites = [...bySiteDay.values()];
  const byDate = new Map<string, Tally[]>();
  for (const day of sites) {
    const tallies = byDate.get(day.date);
    if (tallies) tallies.push(day.tally);
    else byDate.set(day.date, [day.tally]);
  }
  const total = [...byDate.keys()]
    .sort()
    .map((date): OccupancyDay => ({ siteId: null, date, tally: sum(byDate.get(date)!) }));
  return { sites, total };
}
