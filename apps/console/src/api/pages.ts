import { useQuery } from "@tanstack/react-query";
import { api, type Paths, unwrap } from "./client";

/** Every item of a cursor-paged list: each page's `nextCursor` asks for the next, until none. */
export async function allPages<T>(
  page: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor?: string | null }>,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const next = await page(cursor);
    items.push(...next.items);
    cursor = next.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

export type Unit =
  Paths["/api/v1/sites/{siteId}/units"]["get"]["responses"][200]["content"]["application/json"]["items"][number];

/** Every unit of the site, in pages of 500 — one cache for the board, the lease wizard, meters. */
export const siteUnitsQuery = (siteId: string) => ({
  queryKey: ["units", siteId, "all"],
  // Fresh for a few seconds: a screen mounting right after a prefetch does not ask again (writes
  // invalidate it at once).
  staleTime: 10_000,
  queryFn: () =>
    allPages((cursor) =>
      unwrap(
        api.GET("/api/v1/sites/{siteId}/units", {
          params: { path: { siteId }, query: { limit: 500, cursor } },
        }),
      ),
    ),
});

export function useSiteUnits(siteId: string) {
  return useQuery(siteUnitsQuery(siteId));
}

/** The site's buildings (the units board's columns). */
export const buildingsQuery = (siteId: string) => ({
  queryKey: ["buildings", siteId],
  staleTime: 10_000,
  queryFn: async () =>
    (await unwrap(api.GET("/api/v1/sites/{siteId}/buildings", { params: { path: { siteId } } })))
      .items,
});
