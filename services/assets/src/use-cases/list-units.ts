import { unitStatuses } from "@slms/contracts";
import { updateKeyset, updateKeysetToken } from "@slms/db";
import { parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { siteFactsInScope } from "../db/scope.ts";
import { readUnitPage } from "../db/unit-page.ts";
import type { AssetsDeps } from "../deps.ts";
import { id, unitKind } from "../domain/fields.ts";
import { decodePageToken, encodePageToken, pageSize } from "../domain/paging.ts";
import type { Page, UnitView } from "../domain/views.ts";

/** The most ids one list names (a page's most). */
export const maxListedIds = 500;

const filters = z.object({
  kind: unitKind.optional(),
  status: z.enum(unitStatuses).optional(),
  buildingId: z.string().max(64).optional(),
  query: z.string().max(200, "must be at most 200 characters").optional(),
  /** Only these units (`unt_…`); ids of no unit of the site are simply not listed. */
  ids: z.array(id).max(maxListedIds, `must have at most ${maxListedIds} ids`).optional(),
});

export interface ListUnitsRequest extends z.input<typeof filters> {
  pageSize?: number;
  pageToken?: string;
  /**
   * RFC 3339: only units updated at or after it, by (updated_at, id), settled ones only
   * (@slms/db updateKeyset). Unset: by code.
   */
  updatedSince?: string;
}

/**
 * A site's units, filtered (or those of a list of ids: an importer checking the units its rows
 * name are the site's), ordered by code, one page at a time. With `updatedSince`, those updated
 * since then instead, ordered by (updated_at, id) and older than the settle horizon
 * (deps.syncSettleMs), for a client syncing incrementally.
 */
export async function listUnits(
  deps: AssetsDeps,
  caller: Caller,
  siteId: string,
  request: ListUnitsRequest,
): Promise<Page<UnitView>> {
  const { kind, status, buildingId, query, ids } = parseInput(filters, request, "unit filter");
  const site = await siteFactsInScope(deps.db, caller, siteId);
  const updated = updateKeyset(request, deps.syncSettleMs);
  const size = pageSize(request.pageSize);
  const rows = await readUnitPage(deps.pool, site.currency, {
    siteId,
    limit: size + 1,
    ...(updated ? { updated } : { afterCode: decodePageToken(request.pageToken) }),
    kind,
    status,
    buildingId,
    query: query?.trim() || undefined,
    ids: ids?.length ? ids : undefined,
  });
  const items = rows.slice(0, size);
  const last = items.at(-1);
  if (!(rows.length > size && last)) return { items, nextPageToken: null };
  return {
    items,
    nextPageToken: updated ? updateKeysetToken(last) : encodePageToken(last.code),
  };
}
