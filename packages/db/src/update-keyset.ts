import { invalid } from "@slms/errors";
import { END_OF_LATEST_INSTANT_MS } from "@slms/primitives";
import { pageTokens } from "./page-token.ts";

/**
 * Lists "by update time" for incremental sync (`updated_since` on the master-data lists).
 *
 * Records with `updated_at` at or after `since` (inclusive), ordered by (`updated_at`, `id`),
 * paged with a keyset token over that pair — and only records stamped before the settle horizon
 * ({@link SETTLE_HORIZON_SQL} minus `settleMs`).
 *
 * Why a horizon: `updated_at` is stamped when the write runs (Prisma's `@updatedAt` on the
 * service's clock as the statement is built, `now()` in raw SQL at the transaction's start), not
 * when it commits. A write that commits late can therefore carry an `updated_at` earlier than
 * rows a client has already read, and a client resuming from the last `updated_at` it saw would
 * skip it for ever. So a list only shows rows stamped before the start of the oldest transaction
 * still open on the service's database (or before now, when none is), minus `settleMs`: every
 * write that could still commit started after that instant, and `settleMs` (10 s by default)
 * absorbs the few milliseconds between Prisma stamping a row and its transaction beginning, and
 * clock differences between the services and the database. A long transaction (a go-live
 * import runs up to 2 minutes) holds the horizon back while it runs: lists lag, never skip.
 * A client resumes from the greatest `updated_at` it received, inclusive, deduplicating by id.
 *
 * Needs the service's database role to see the `xact_start` of the other sessions on its
 * database (its own role's sessions always; others' with `pg_read_all_stats`). On embedded
 * PGlite there is one session, and the horizon is `now() - settleMs`.
 *
 * @example
 * const keyset = updateKeyset(request, deps.syncSettleMs); // undefined: the usual order
 * // WHERE … AND updated_at >= $since
 * //   AND updated_at < ${SETTLE_HORIZON_SQL} - $settleMs::int * interval '1 millisecond'
 * //   AND (updated_at, id) > ($after.updatedAt, $after.id)  ORDER BY updated_at, id
 * const next = updateKeysetToken(lastRow);
 */
export const DEFAULT_SYNC_SETTLE_MS = 10_000;

/**
 * The instant no open transaction of this database started before (SQL, no parameters): the
 * start of the oldest transaction of another client session still open, or the statement's
 * time when there is none. Autovacuum and other background workers are not client sessions.
 */
export const SETTLE_HORIZON_SQL = `least(statement_timestamp(), coalesce(
    (SELECT min(a.xact_start) FROM pg_stat_activity a
      WHERE a.datname = current_database() AND a.backend_type = 'client backend'
        AND a.pid <> pg_backend_pid() AND a.xact_start IS NOT NULL),
    statement_timestamp()))`;

export interface UpdateKeyset {
  /** Inclusive lower bound of `updated_at`. */
  since: Date;
  /** The last row of the previous page, when continuing. */
  after?: { updatedAt: Date; id: string };
  /** Only rows stamped this many ms before {@link SETTLE_HORIZON_SQL} are listed. */
  settleMs: number;
}

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-](\d{2}):(\d{2}))$/;
/** 1970-01-01T00:00:00Z: a lower bound before every record ("since the beginning"). */
const EARLIEST_SINCE_MS = 0;

/**
 * An RFC 3339 instant (`Z` or a ±hh:mm offset, up to 9 fraction digits — truncated to the
 * milliseconds `updated_at` holds, which widens an inclusive bound, never narrows it), a real
 * calendar day and time, from 1970 to 2099. Else `invalid` naming `field`.
 */
export function parseUpdatedSince(value: string, field = "updatedSince"): Date {
  const text = value.toUpperCase();
  const parts = RFC3339.exec(text);
  let epochMs = Number.NaN;
  if (parts) {
    const [year, month, day, hour, minute, second, offsetHour, offsetMinute] = [
      parts[1],
      parts[2],
      parts[3],
      parts[4],
      parts[5],
      parts[6],
      parts[9] ?? "0",
      parts[10] ?? "0",
    ].map(Number) as [number, number, number, number, number, number, number, number];
    const civil = new Date(Date.UTC(year, month - 1, day));
    const realDay = civil.getUTCFullYear() === year && civil.getUTCDate() === day;
    const realTime = hour <= 23 && minute <= 59 && second <= 59 && offsetHour <= 23;
    if (realDay && civil.getUTCMonth() === month - 1 && realTime && offsetMinute <= 59) {
      epochMs = Date.parse(text.replace(/(\.\d{3})\d+/, "$1"));
    }
  }
  // NaN fails both comparisons.
  if (!(epochMs >= EARLIEST_SINCE_MS && epochMs < END_OF_LATEST_INSTANT_MS)) {
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
