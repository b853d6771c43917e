import { SETTLE_HORIZON_SQL, updateKeyset, updateKeysetToken } from "@slms/db";
import type { Caller } from "@slms/grpc";
import { siteView } from "../db/rows.ts";
import type { AssetsDeps } from "../deps.ts";
import { decodePageToken, encodePageToken, pageSize } from "../domain/paging.ts";
import type { Page, SiteView } from "../domain/views.ts";
import { Prisma } from "../generated/prisma/client.ts";

export interface ListSitesRequest {
  pageSize?: number;
  pageToken?: string;
  /**
   * RFC 3339: only sites updated at or after it, by (updated_at, id), settled ones only
   * (@slms/db updateKeyset). Unset: by code.
   */
  updatedSince?: string;
}

/**
 * The sites of the caller's organisation that the caller may see, ordered by code — or, with
 * `updatedSince`, those updated since then, ordered by (updated_at, id) and older than the settle
 * horizon (deps.syncSettleMs), for a client syncing incrementally.
 */
export async function listSites(
  deps: AssetsDeps,
  caller: Caller,
  request: ListSitesRequest,
): Promise<Page<SiteView>> {
  const size = pageSize(request.pageSize);
  const updated = updateKeyset(request, deps.syncSettleMs);
  if (updated) {
    const conditions = [Prisma.sql`org_id = ${caller.orgId}`];
    if (caller.siteIds !== "all") conditions.push(Prisma.sql`id = ANY(${[...caller.siteIds]})`);
    conditions.push(
      Prisma.sql`updated_at >= ${updated.since}`,
      Prisma.sql`updated_at < ${Prisma.raw(SETTLE_HORIZON_SQL)} - ${updated.settleMs}::int * interval '1 millisecond'`,
    );
    if (updated.after) {
      conditions.push(
        Prisma.sql`(updated_at, id) > (${updated.after.updatedAt}, ${updated.after.id})`,
      );
    }
    // The page's ids by raw SQL (the horizon is the database's), the rows by the client.
    const page = await deps.db.$queryRaw<{ id: string }[]>`
      SELECT id FROM sites WHERE ${Prisma.join(conditions, " AND ")}
      ORDER BY updated_at, id LIMIT ${size + 1}`;
    const ids = page.slice(0, size).map((row) => row.id);
    const rows = await deps.db.site.findMany({ where: { id: { in: ids } } });
    const byId = new Map(rows.map((row) => [row.id, row]));
    const items = ids.flatMap((id) => byId.get(id) ?? []).map(siteView);
    const last = items.at(-1);
    return { items, nextPageToken: page.length > size && last ? updateKeysetToken(last) : null };
  }
  const after = decodePageToken(request.pageToken);
  const rows = await deps.db.site.findMany({
    where: {
      orgId: caller.orgId,
      ...(caller.siteIds === "all" ? {} : { id: { in: [...caller.siteIds] } }),
      ...(after === undefined ? {} : { code: { gt: after } }),
    },
    orderBy: { code: "asc" },
    take: size + 1,
  });
  const items = rows.slice(0, size).map(siteView);
  const last = items.at(-1);
  return { items, nextPageToken: rows.length > size && last ? encodePageToken(last.code) : null };
}
