import type { UnitKindName, UnitStatusName } from "@slms/contracts";
import { likeLiteral } from "@slms/db";
import type { Caller } from "@slms/grpc";
import { unitView } from "../db/rows.ts";
import { siteFactsInScope } from "../db/scope.ts";
import type { AssetsDeps } from "../deps.ts";
import { decodePageToken, encodePageToken, pageSize } from "../domain/paging.ts";
import type { Page, UnitView } from "../domain/views.ts";
import type { Prisma } from "../generated/prisma/client.ts";

export interface ListUnitsRequest {
  pageSize?: number;
  pageToken?: string;
  kind?: UnitKindName;
  status?: UnitStatusName;
  buildingId?: string;
  /** Matches the start of the code or anywhere in the name, case-insensitively. */
  query?: string;
}

/** A site's units, filtered, ordered by code, one page at a time. */
export async function listUnits(
  deps: AssetsDeps,
  caller: Caller,
  siteId: string,
  request: ListUnitsRequest,
): Promise<Page<UnitView>> {
  const site = await siteFactsInScope(deps.db, caller, siteId);
  const size = pageSize(request.pageSize);
  const after = decodePageToken(request.pageToken);
  const query = request.query?.trim();
  const where: Prisma.UnitWhereInput = {
    siteId,
    ...(request.kind ? { kind: request.kind } : {}),
    ...(request.status ? { status: request.status } : {}),
    ...(request.buildingId ? { buildingId: request.buildingId } : {}),
    ...(after === undefined ? {} : { code: { gt: after } }),
    ...(query
      ? {
          OR: [
            { code: { startsWith: likeLiteral(query), mode: "insensitive" } },
            { name: { contains: likeLiteral(query), mode: "insensitive" } },
          ],
        }
      : {}),
  };
  const rows = await deps.db.unit.findMany({ where, orderBy: { code: "asc" }, take: size + 1 });
  const items = rows.slice(0, size).map((row) => unitView(row, site.currency));
  const last = items.at(-1);
  return { items, nextPageToken: rows.length > size && last ? encodePageToken(last.code) : null };
}
