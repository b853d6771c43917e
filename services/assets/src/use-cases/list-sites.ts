import type { Caller } from "@slms/grpc";
import { siteView } from "../db/rows.ts";
import type { AssetsDeps } from "../deps.ts";
import { decodePageToken, encodePageToken, pageSize } from "../domain/paging.ts";
import type { Page, SiteView } from "../domain/views.ts";

/** The sites of the caller's organisation that the caller may see, ordered by code. */
export async function listSites(
  deps: AssetsDeps,
  caller: Caller,
  request: { pageSize?: number; pageToken?: string },
): Promise<Page<SiteView>> {
  const size = pageSize(request.pageSize);
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
