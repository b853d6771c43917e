import type { Caller } from "@slms/grpc";
import { reportScope } from "../db/scope.ts";
import type { ReportingDeps } from "../deps.ts";
import { count, emptyTally, hundredthsOf, statusOf, sum, type Tally } from "../domain/occupancy.ts";

export interface SiteOccupancyView {
  siteId: string;
  total: Tally;
  byKind: { kind: string; tally: Tally }[];
  /** `buildingId` null: units outside any building. */
  byBuilding: { buildingId: string | null; tally: Tally }[];
}

export interface OccupancyView {
  sites: SiteOccupancyView[];
  total: Tally;
}

interface Row {
  site_id: string;
  kind: string;
  building_id: string | null;
  status: string;
  units: number;
  area: string;
}

/**
 * Units and area by status for one site or every site in the caller's scope, split by unit kind
 * and by building, from the unit facts the assets events keep. A unit whose creation has not been
 * heard of yet counts with no area.
 */
export async function getOccupancy(
  deps: ReportingDeps,
  caller: Caller,
  siteId: string | undefined,
): Promise<OccupancyView> {
  const scope = await reportScope(deps.db, caller, siteId);
  const rows = await deps.db.$queryRawUnsafe<Row[]>(
    `SELECT site_id, kind, building_id, status, count(*)::int AS units,
            coalesce(sum(gross_area_m2), 0)::text AS area
       FROM unit_facts
      WHERE org_id = $1 AND ($2::text[] IS NULL OR site_id = ANY ($2::text[]))
      GROUP BY site_id, kind, building_id, status
      ORDER BY site_id`,
    scope.orgId,
    scope.siteIds,
  );
  const sites = new Map<
    string,
    { kinds: Map<string, Tally>; buildings: Map<string | null, Tally> }
  >();
  for (const row of rows) {
    let site = sites.get(row.site_id);
    if (!site) {
      site = { kinds: new Map(), buildings: new Map() };
      sites.set(row.site_id, site);
    }
    const area = hundredthsOf(row.area);
    count(tallyOf(site.kinds, row.kind), statusOf(row.status), row.units, area);
    count(tallyOf(site.buildings, row.building_id), statusOf(row.status), row.units, area);
  }
  // A site named but without units yet is reported, empty.
  for (const id of siteId ? [siteId] : []) {
    if (!sites.has(id)) sites.set(id, { kinds: new Map(), buildings: new Map() });
  }
  const views = [...sites].map(([id, site]) => ({
    siteId: id,
    total: sum(site.kinds.values()),
    byKind: [...site.kinds]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([kind, tally]) => ({ kind, tally })),
    byBuilding: [...site.buildings]
      .sort(([a], [b]) => (a ?? "").localeCompare(b ?? ""))
      .map(([buildingId, tally]) => ({ buildingId, tally })),
  }));
  views.sort((a, b) => (a.siteId < b.siteId ? -1 : a.siteId > b.siteId ? 1 : 0));
  return { sites: views, total: sum(views.map((v) => v.total)) };
}

function tallyOf<K>(map: Map<K, Tally>, key: K): Tally {
  let tally = map.get(key);
  if (!tally) {
    tally = emptyTally();
    map.set(key, tally);
  }
  return tally;
}
