import { pageTokens } from "@slms/db";

/** Page sizes: 0/absent means the default; more than the maximum is capped, not refused. */
export function pageSize(requested: number | undefined, defaultSize = 100, max = 500): number {
  if (!requested || requested <= 0) return defaultSize;
  return Math.min(Math.floor(requested), max);
}

/** Where a page ends in a list ordered newest received first, then by id. */
export interface PageKey {
  receivedAt: Date;
  id: string;
}

/**
 * Keyset pagination tokens: the sort key of the last item, opaque to callers (the same
 * `{r, i}` shape as ever, so tokens issued before stay good). Every part of a token that comes
 * back is checked against that shape — a time in the accepted years, an id of ours — so a crafted
 * token is `invalid` naming `pageToken` and never reaches SQL.
 */
const tokens = pageTokens({ r: "instant", i: "id" });

export function encodePageToken(last: PageKey): string {
  return tokens.encode({ r: last.receivedAt.toISOString(), i: last.id });
}

export function decodePageToken(token: string | undefined): PageKey | undefined {
  const key = tokens.decode(token);
  return key && { receivedAt: new Date(key.r), id: key.i };
}
