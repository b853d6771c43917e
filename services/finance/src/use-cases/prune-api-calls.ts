import type { FinanceDeps } from "../deps.ts";

/** Options of {@link pruneApiCalls}. */
export interface PruneApiCallsInput {
  /** Audit rows of calls made before this are deleted. */
  olderThan: Date;
  /** Rows per statement (short statements, short locks). Default 10,000. */
  batch?: number;
}

/**
 * Deletes the audit rows of API calls older than the retention (`olderThan`), a batch per
 * statement until none is left, along the index on `at`. Answers how many it deleted. Safe to run
 * on every replica at once: a row is deleted once, whoever gets it.
 */
export async function pruneApiCalls(deps: FinanceDeps, input: PruneApiCallsInput): Promise<number> {
  const batch = input.batch ?? 10_000;
  if (!Number.isSafeInteger(batch) || batch < 1) throw new RangeError("batch must be positive");
  let deleted = 0;
  for (;;) {
    const n = await deps.db.$executeRawUnsafe(
      `DELETE FROM api_calls WHERE id IN (
         SELECT id FROM api_calls WHERE at < $1::timestamptz ORDER BY at LIMIT $2
           FOR UPDATE SKIP LOCKED)`,
      input.olderThan.toISOString(),
      batch,
    );
    deleted += n;
    if (n < batch) return deleted;
  }
}
