/**
 * A periodic job's run that does not repeat itself for the ticks missed while it ran.
 * `startPeriodic` (@slms/lifecycle) queues every tick behind the run in progress, so a run that
 * takes five intervals is followed by five more back to back; wrapped, it is followed by one (the
 * first tick waiting, which sees what changed meanwhile) and the others are skipped: a run that
 * would start less than half an interval after the previous one started does nothing and answers
 * undefined.
 */
export function skipMissedTicks<T>(
  run: () => Promise<T>,
  intervalMs: number,
  clock: () => number = Date.now,
): () => Promise<T | undefined> {
  let lastStart = Number.NEGATIVE_INFINITY;
  return async () => {
    const now = clock();
    if (now - lastStart < intervalMs / 2) return undefined;
    lastStart = now;
    return run();
  };
}
