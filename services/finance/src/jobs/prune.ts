import { startPeriodic } from "@slms/lifecycle";
import type { Logger } from "@slms/logging";
import type { FinanceDeps } from "../deps.ts";
import { pruneApiCalls } from "../use-cases/prune-api-calls.ts";

const DAY_MS = 86_400_000;

/**
 * Deletes API-call audit rows older than `retentionDays`, on start and every `intervalMs`
 * (hourly in production). Safe on every replica.
 */
export function startPruneJob(
  deps: FinanceDeps,
  logger: Logger,
  options: { intervalMs: number; retentionDays: number },
) {
  return startPeriodic({
    name: "api-call audit pruning",
    intervalMs: options.intervalMs,
    logger,
    run: async () => {
      const olderThan = new Date(deps.clock().getTime() - options.retentionDays * DAY_MS);
      const deleted = await pruneApiCalls(deps, { olderThan });
      if (deleted > 0) logger.info({ deleted, olderThan }, "api-call audit rows pruned");
      return deleted;
    },
  });
}
