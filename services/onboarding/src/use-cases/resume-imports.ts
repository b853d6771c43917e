import { finishRollback } from "../commit/rollback.ts";
import { callerOf } from "../commit/worker.ts";
import type { OnboardingDeps } from "../deps.ts";

/** A rollback not written to for this long is no longer being worked by a request. */
const rollbackIdleMs = 150_000;

/**
 * Resumes, in the background, the commits no process is working (a crash, a shutdown, an owning
 * service that was unreachable): committing ones go on from their next chunk, failing ones
 * retry their discards; and finishes rollbacks left midway (as the import's committer). Answers
 * how many it resumed.
 */
export async function resumeImports(deps: OnboardingDeps): Promise<number> {
  const now = deps.clock();
  const jobs = await deps.db.importJob.findMany({
    where: {
      status: { in: ["committing", "failing"] },
      OR: [{ heldUntil: null }, { heldUntil: { lt: now } }],
    },
    select: { id: true },
  });
  for (const job of jobs) void deps.commits.run(job.id);
  const rollbacks = await deps.db.importJob.findMany({
    where: {
      status: "rolling_back",
      updatedAt: { lt: new Date(now.getTime() - rollbackIdleMs) },
    },
    omit: { workbook: true, plan: true },
  });
  for (const job of rollbacks)
    void finishRollback(deps, callerOf(job), job).catch((error: unknown) =>
      deps.logger.warn({ importId: job.id, err: error }, "rollback not finished: retried later"),
    );
  return jobs.length + rollbacks.length;
}
