import { parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { reportScope } from "../db/scope.ts";
import type { ReportingDeps } from "../deps.ts";
import { QUIET_AFTER_DAYS } from "../domain/occupancy.ts";

const input = z.object({
  quietAfterDays: z.number().int().min(0).max(366, "must be at most 366").optional(),
});

export interface SiteFreshnessView {
  siteId: string;
  /** Null: nothing heard of the site yet. */
  lastEventAt: Date | null;
  /** No event since `quietAfterDays` ago, or none at all. */
  quiet: boolean;
  activity: { type: string; lastOccurredAt: Date; events: bigint }[];
}

/**
 * For one site or every site in the caller's scope: when each kind of event was last heard of,
 * and whether the site went quiet (no event for `quietAfterDays`, default 7) — what HQ checks to
 * see that every site keeps its data current.
 */
export async function getDataFreshness(
  deps: ReportingDeps,
  caller: Caller,
  siteId: string | undefined,
  request: z.input<typeof input>,
): Promise<{ sites: SiteFreshnessView[]; asOf: Date }> {
  const { quietAfterDays } = parseInput(input, request, "request");
  const scope = await reportScope(deps.db, caller, siteId);
  const asOf = deps.clock();
  const quietSince = asOf.getTime() - (quietAfterDays || QUIET_AFTER_DAYS) * 86_400_000;
  const rows = await deps.db.siteActivity.findMany({
    where: { orgId: scope.orgId, ...(scope.siteIds ? { siteId: { in: scope.siteIds } } : {}) },
    orderBy: [{ siteId: "asc" }, { type: "asc" }],
  });
  const sites = new Map<string, SiteFreshnessView>();
  for (const row of rows) {
    let site = sites.get(row.siteId);
    if (!site) {
      site = { siteId: row.siteId, lastEventAt: row.lastOccurredAt, quiet: false, activity: [] };
      sites.set(row.siteId, site);
    }
    if (site.lastEventAt && row.lastOccurredAt > site.lastEventAt) {
      site.lastEventAt = row.lastOccurredAt;
    }
    site.activity.push({ type: row.type, lastOccurredAt: row.lastOccurredAt, events: row.events });
  }
  for (const site of sites.values()) {
    site.quiet = !site.lastEventAt || site.lastEventAt.getTime() < quietSince;
  }
  return { sites: [...sites.values()], asOf };
}
