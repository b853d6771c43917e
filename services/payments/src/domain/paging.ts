import { invalid } from "@slms/errors";

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

/** Keyset pagination tokens: the sort key of the last item, opaque to callers. */
export function encodePageToken(last: PageKey): string {
  return Buffer.from(
    JSON.stringify({ r: last.receivedAt.toISOString(), i: last.id }),
    "utf8",
  ).toString("base64url");
}

export function decodePageToken(token: string | undefined): PageKey | undefined {
  if (!token) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    if (parsed && typeof parsed === "object") {
      const { r, i } = parsed as { r?: unknown; i?: unknown };
      const receivedAt = typeof r === "string" ? new Date(r) : null;
      if (receivedAt && !Number.isNaN(receivedAt.getTime()) && typeof i === "string" && i !== "") {
        return { receivedAt, id: i };
      }
    }
  } catch {
    // fall through
  }
  throw invalid("invalid page token", [
    { field: "pageToken", message: "is not a token this API issued" },
  ]);
}
