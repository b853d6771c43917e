import { invalid } from "@slms/errors";
import { isInstantInRange } from "@slms/primitives";
import { pageTokens } from "./page-token.ts";

/**
 * Lists "by update time" for incremental sync (`updated_since` on the master-data lists).
 *
 * Records with `updated_at` at or after `since` (inclusive), ordered by (`updated_at`, `id`),
 * paged with a keyset token over that pair — and only records older than a settle horizon:
 * `updated_at < statement_timestamp() - settleMs` on the database clock.
 *
 * Why the horizon: `updated_at` is stamped when the write runs (Prisma's `@updatedAt` on the
 * service's clock, `now()` in raw SQL at the transaction's start), not when it commits. A write
 * that commits late can therefore carry an `updated_at` earlier than rows a client has already
 * read; a client resuming from the last `updated_at` it saw would skip it for ever. Listing only
 * rows stamped more than `settleMs` ago makes every row it could list already committed, as long
 * as no write transaction stays open longer than `settleMs` after stamping (Prisma's interactive
 * transactions time out after 5 s; the default horizon is 10 s) and the service clocks agree
 * with the database's to well within it. A client then resumes from the greatest `updated_at` it
 * received, inclusive, deduplicating by id, and misses nothing.
 *
 * @example
 * const keyset = updateKeyset(request, deps.syncSettleMs); // undefined: the usual order
 * // WHERE … AND updated_at >= $since AND updated_at < statement_timestamp() - $settle ms
 * //   AND (updated_at, id) > ($after.updatedAt, $after.id)  ORDER BY updated_at, id
 * const next = updateKeysetToken(lastRow);
 */
export const DEFAULT_SYNC_SETTLE_MS = 10_000;

export interface UpdateKeyset {
  /** Inclusive lower bound of `updated_at`. */
  since: Date;
  /** The last row of the previous page, when continuing. */
  after?: { updatedAt: Date; id: string };
  /** The settle horizon: only rows with `updated_at` older than this many ms are listed. */
  settleMs: number;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/**
 * An RFC 3339 instant (`Z` or a ±hh:mm offset, up to 9 fraction digits — truncated to the
 * milliseconds `updated_at` holds, which widens an inclusive bound, never narrows it). Else
 * `invalid` naming `field`.
 */
export function parseUpdatedSince(value: string, field = "updatedSince"): Date {
  const text = value.toUpperCase();
  const epochMs = RFC3339.test(text) ? Date.parse(text.replace(/(\.\d{3})\d+/, "$1")) : Number.NaN;
  if (!isInstantInRange(epochMs)) {
    throw invalid(`invalid ${field}`, [
      { field, message: "must be an RFC 3339 time, e.g. 2026-12-07T08:00:00Z" },
    ]);
  }
  return new Date(epochMs);
}

const tokens = pageTokens({ u: "instant", i: "id" });

/**
 * The by-update-time position of a request: undefined when `updatedSince` is unset or empty
 * (the list keeps its usual order and tokens). A token of the usual order is `invalid` here,
 * naming `pageToken`, as a crafted one is.
 */
export function updateKeyset(
  request: { updatedSince?: string | undefined; pageToken?: string | undefined },
  settleMs: number = DEFAULT_SYNC_SETTLE_MS,
): UpdateKeyset | undefined {
  if (request.updatedSince === undefined || request.updatedSince === "") return undefined;
  const since = parseUpdatedSince(request.updatedSince);
  const after = tokens.decode(request.pageToken);
  return {
    since,
    settleMs,
    ...(after ? { after: { updatedAt: new Date(after.u), id: after.i } } : {}),
  };
}

/** The token continuing after `last` in (`updated_at`, `id`) order. */
export function updateKeysetToken(last: { updatedAt: Date; id: string }): string {
  return tokens.encode({ u: last.updatedAt.toISOString(), i: last.id });
}
