import { invalid } from "@slms/errors";
import { textProblem } from "./text.ts";

/** Page sizes: 0/absent means the default; more than the maximum is capped, not refused. */
export function pageSize(requested: number | undefined, defaultSize = 100, max = 500): number {
  if (!requested || requested <= 0) return defaultSize;
  return Math.min(Math.floor(requested), max);
}

/** Where a page ends in a list ordered by name, then id (names are not unique). */
export interface PageKey {
  name: string;
  id: string;
}

/** Keyset pagination tokens: the sort key of the last item, opaque to callers. */
export function encodePageToken(last: PageKey): string {
  return Buffer.from(JSON.stringify({ n: last.name, i: last.id }), "utf8").toString("base64url");
}

/**
 * Longest token a page can end with: a 200-character name of characters JSON escapes as
 * `\\u00XX` (6 bytes each) and a 64-character id, in base64url.
 */
export const MAX_PAGE_TOKEN_LENGTH = 2048;

/**
 * The sort key in a token this API issued. Anything else — not base64url JSON, the wrong shape,
 * or text the database cannot compare (NUL, lone surrogates, over-long) — is `invalid` naming
 * `pageToken`, never a database error.
 */
export function decodePageToken(token: string | undefined): PageKey | undefined {
  if (!token) return undefined;
  if (token.length <= MAX_PAGE_TOKEN_LENGTH && /^[A-Za-z0-9_-]+$/.test(token)) {
    try {
      const parsed: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
      if (parsed && typeof parsed === "object") {
        const { n, i } = parsed as { n?: unknown; i?: unknown };
        if (isKeyText(n, 200) && isKeyText(i, 64) && i !== "") return { name: n, id: i };
      }
    } catch {
      // fall through
    }
  }
  throw invalid("invalid page token", [
    { field: "pageToken", message: "is not a token this API issued" },
  ]);
}

function isKeyText(value: unknown, max: number): value is string {
  return typeof value === "string" && value.length <= max && textProblem(value) === null;
}
