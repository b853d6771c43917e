import { invalid } from "@slms/errors";

/** Page sizes: 0/absent means the default; more than the maximum is capped, not refused. */
export function pageSize(requested: number | undefined, defaultSize = 100, max = 500): number {
  if (!requested || requested <= 0) return defaultSize;
  return Math.min(Math.floor(requested), max);
}

/**
 * Keyset pagination tokens: the sort key of the last item, opaque to callers. Lists order by
 * a unique code, so "after this code" is exact and stable under inserts.
 */
export function encodePageToken(lastKey: string): string {
  return Buffer.from(JSON.stringify({ k: lastKey }), "utf8").toString("base64url");
}

export function decodePageToken(token: string | undefined): string | undefined {
  if (!token) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    if (parsed && typeof parsed === "object" && typeof (parsed as { k?: unknown }).k === "string") {
      return (parsed as { k: string }).k;
    }
  } catch {
    // fall through
  }
  throw invalid("invalid page token", [
    { field: "pageToken", message: "is not a token this API issued" },
  ]);
}
