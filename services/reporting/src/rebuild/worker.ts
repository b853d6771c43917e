import { newId } from "@slms/db";
import type { Caller } from "@slms/grpc";
import type { ReportingDeps } from "../deps.ts";
import type { RebuildJob } from "../generated/prisma/client.ts";
import { type Phase, phases, readPage } from "./pages.ts";

/** How long a replica holds a job it works without a page written. */
const holdMs = 120_000;

/** The owning services are read as the organisation's system job. */
export const rebuildCaller = (orgId: string): Caller => ({
  actor: "system:reporting-rebuild",
  orgId,
  siteIds: "all",
  roles: [],
});

/**
 * Works rebuild jobs in this process, a page at a time: each page is written in one transaction
 * with the job's position, so a job stopped anywhere — a failure, a crash, a shutdown — resumes
 * at the page after the last one written. A replica holds the job while it works it, so two do
 * not; a hold not renewed for two minutes lapses (a crashed replica's job can be resumed).
 */
export class RebuildWorker {
  private readonly running = new Map<string, Promise<void>>();
  private stopping = false;

  private readonly deps: ReportingDeps;

  constructor(deps: ReportingDeps) {
    this.deps = deps;
  }

  /** Works the job until it completes, fails or the worker closes; at once if already running here. */
  run(jobId: string): Promise<void> {
    const running = this.running.get(jobId);
    if (running) return running;
    const work = this.work(jobId)
      .catch((error) => this.deps.logger.error({ jobId, err: error }, "rebuild worker failed"))
      .finally(() => this.running.delete(jobId));
    this.running.set(jobId, work);
    return work;
  }

  /** Stops after the pages being written; the jobs stay running, to be resumed. */
  async close(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled(this.running.values());
  }

  private async work(jobId: string): Promise<void> {
    const { db, logger } = this.deps;
    const now = this.deps.clock();
    const claimed = await db.rebuildJob.updateMany({
      where: {
        id: jobId,
        status: "running",
        OR: [{ heldUntil: null }, { heldUntil: { lt: now } }],
      },
      data: { heldUntil: new Date(now.getTime() + holdMs) },
    });
    if (claimed.count === 0) return;
    try {
      const sources = this.deps.sources?.();
      if (!sources) throw new Error("the owning services are not connected");
      for (;;) {
        if (this.stopping) {
          await db.rebuildJob.update({ where: { id: jobId }, data: { heldUntil: null } });
          return;
        }
        const job = await db.rebuildJob.findUniqueOrThrow({ where: { id: jobId } });
        const siteId = job.siteIds[job.siteIndex];
        if (siteId === undefined) {
          const at = this.deps.clock();
          await db.rebuildJob.update({
            where: { id: jobId },
            data: { status: "completed", heldUntil: null, finishedAt: at, updatedAt: at },
          });
          logger.info({ jobId, counts: job.counts }, "rebuild completed");
          return;
        }
        const phase = job.phase as Phase;
        const page = await readPage(
          sources,
          rebuildCaller(job.orgId),
          siteId,
          phase,
          job.pageToken,
          this.deps.clock(),
        );
        await db.$transaction(async (tx) => {
          await page.write(tx);
          const at = this.deps.clock();
          await tx.rebuildJob.update({
            where: { id: jobId },
            data: {
              ...positionAfter(job, page.nextPageToken),
              counts: countsAfter(job, phase, page.rows),
              heldUntil: new Date(at.getTime() + holdMs),
              updatedAt: at,
            },
          });
        });
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      logger.warn({ jobId, err: error }, "rebuild stopped: starting it again resumes it");
      const at = this.deps.clock();
      await db.rebuildJob.update({
        where: { id: jobId },
        data: { status: "failed", error: message.slice(0, 1000), heldUntil: null, updatedAt: at },
      });
    }
  }
}

/** The next page of the phase, else the next phase, else the next site's first. */
function positionAfter(job: RebuildJob, nextPageToken: string) {
  if (nextPageToken) return { pageToken: nextPageToken };
  const next = phases[phases.indexOf(job.phase as Phase) + 1];
  return next
    ? { phase: next, pageToken: "" }
    : { phase: phases[0], pageToken: "", siteIndex: job.siteIndex + 1 };
}

function countsAfter(job: RebuildJob, phase: Phase, rows: number): Record<string, number> {
  const counts = { ...(job.counts as Record<string, number>) };
  if (phase !== "site") counts[phase] = (counts[phase] ?? 0) + rows;
  return counts;
}

export const newRebuildJobId = () => newId("rbj");
