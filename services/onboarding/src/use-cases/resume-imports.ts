import type { OnboardingDeps } from "../deps.ts";

/**
 * Resumes, in the background, the commits no process is working (a crash, a shutdown, an owning
 * service that was unreachable): committing ones go on from their next chunk, failing ones
 * retry their discards. Answers how many it resumed.
 */
export async function resumeImports(deps: OnboardingDeps): Promise<number> {
  const jobs = await deps.db.importJob.findMany({
    where: {
      status: { in: ["committing", "failing"] },
      OR: [{ heldUntil: null }, { heldUntil: { lt: deps.clock() } }],
    },
    select: { id: true },
  });
  for (const job of jobs) void deps.commits.run(job.id);
  return jobs.length;
}
