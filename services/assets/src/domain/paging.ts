import { pageTokens } from "@slms/db";

/** Page sizes: 0/absent means the default; more than the maximum is capped, not refused. */
export function pageSize(requested: number | undefined, defaultSize = 100, max = 500): number {
  if (!requested || requested <= 0) return defaultSize;
  return Math.min(Math.floor(requested), max);
}

/**
 * Keyset pagination tokens: the sort key of the last item, opaque to callers. Lists order by
 * a unique code, so "after this code" is exact and stable under inserts. A crafted token is
 * `invalid`, naming `pageToken`.
 */
const tokens = pageTokens({ k: "text" });

export function encodePageToken(lastKey: string): string {
  return tokens.encode({ k: lastKey });
}

export function decodePageToken(token: string | undefined): string | undefined {
  return tokens.decode(token)?.k;
}
