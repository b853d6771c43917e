import type { ReportingDeps } from "../deps.ts";

/**
 * Resumes, in the background, the rebuilds left running by a process that stopped (their hold
 * lapsed or was released at shutdown). Answers how many it resumed.
 */
export async function resumeRebuilds(deps: ReportingDeps): Promise<number> {
  const worker = deps.rebuilds;
  if (!worker || !deps.sources) return 0;
  const jobs = await deps.db.rebuildJob.findMany({
    where: {
      status: "running",
      OR: [{ heldUntil: null }, { heldUntil: { lt: deps.clock() } }],
    },
    select: { id: true },
  });
  for (const job of jobs) void worker.run(job.id);
  return jobs.length;
}
