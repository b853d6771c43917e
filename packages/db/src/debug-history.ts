import { Debug as RuntimeDebug } from "@prisma/client/runtime/client";
import { clearLogs } from "@prisma/debug";

// Prisma's debug module remembers the arguments of its last 100 debug calls — debugging on or
// off — for the logs it attaches to error reports, and there are two copies of it in a process:
// `@prisma/debug` (through which `@prisma/adapter-pg` debug-logs every query with its values) and
// the one bundled in the client runtime (which logs them too). So a service keeps the values of
// its last 100 queries alive. For a bulk statement — an import chunk of 2,000 rows as one JSON
// value, the plan of a go-live import — that is megabytes each: a heap snapshot in the middle of
// a 10,000-unit import commit (bench/import) found most of its live heap there, and the live heap
// grew with the workbook. After a query with a large value both histories are emptied.

/** A value at least this long (characters or bytes) counts as large. */
export const LARGE_QUERY_VALUE = 64 * 1024;
const HISTORY = 100;

const marker = RuntimeDebug("slms:db:forget");

/**
 * Empties both debug histories: `@prisma/debug`'s has `clearLogs`; the runtime's copy exports no
 * such thing, so its ring of {@link HISTORY} entries is filled with a one-character marker.
 */
export function forgetQueryValues(): void {
  clearLogs();
  for (let i = 0; i < HISTORY; i++) marker("-");
}

/** Whether the query's values hold a large one (see {@link LARGE_QUERY_VALUE}). */
export function hasLargeValue(values: unknown): boolean {
  if (!Array.isArray(values)) return false;
  return values.some(
    (value) =>
      (typeof value === "string" && value.length >= LARGE_QUERY_VALUE) ||
      (value instanceof Uint8Array && value.byteLength >= LARGE_QUERY_VALUE),
  );
}
