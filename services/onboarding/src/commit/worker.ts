import { writeOutbox } from "@slms/db";
import type { Caller } from "@slms/grpc";
import { fromDbDate } from "@slms/primitives/zoned";
import {
  type ImportJob,
  type Made,
  madeOf,
  type StepName,
  type StepState,
  stepsOf,
} from "../db/jobs.ts";
import type { OnboardingDeps } from "../deps.ts";
import { importFinished } from "../events/import-finished.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { rowDifferencesOf, storedPlanRows } from "./plan-rows.ts";
import { reconcile } from "./reconcile.ts";
import { CHUNK, ownerOrder, sendChunk } from "./steps.ts";

/**
 * A release that did not go through everywhere: the import goes forward (parts already released
 * cannot be taken back), retried until every service released its part.
 */
class ReleasePending extends Error {}

/**
 * Columns a commit does not read back on every write: the upload, the plan, and what it made
 * (megabytes each; what it made is kept in memory and merged in the database chunk by chunk).
 */
const heavy = { workbook: true, plan: true, made: true } as const;
/** An import as the worker keeps it between chunks. */
type JobState = Omit<ImportJob, "workbook" | "plan" | "made">;

/** The reconciliation's row differences kept (and shown); all are counted. */
const MAX_ROW_DIFFERENCES = 1_000;

/** How long a replica holds a commit without writing a chunk. */
const holdMs = 120_000;
/** Tries of a discard while an owning service is unreachable, before leaving it to a sweep. */
const discardTries = 3;

/**
 * Works commits in this process. A commit runs its steps in order (units → customers → leases →
 * balances → deposits), a chunk at a time, recording after each chunk what it made and where it
 * is — so a commit stopped by a crash resumes at its next chunk (the owning services answer a
 * chunk sent again with what they already made). When every part is in, each service releases
 * its batch's events; then the system's totals are read back for the reconciliation. When any
 * step fails, the import is `failing` until every service discarded its part (retried, also by
 * the next process to start), then `failed`: nothing of it remains and nothing was announced.
 */
export class CommitWorker {
  private readonly running = new Map<string, Promise<void>>();
  private stopping = false;
  private readonly deps: Omit<OnboardingDeps, "commits">;

  constructor(deps: Omit<OnboardingDeps, "commits">) {
    this.deps = deps;
  }

  /** Works the import until it ends or the worker closes; at once if already running here. */
  run(importId: string): Promise<void> {
    const running = this.running.get(importId);
    if (running) return running;
    const work = this.work(importId)
      .catch((error) => this.deps.logger.error({ importId, err: error }, "commit worker failed"))
      .finally(() => this.running.delete(importId));
    this.running.set(importId, work);
    return work;
  }

  /** Stops after the chunks being sent; commits stay as they are, to be resumed. */
  async close(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled(this.running.values());
  }

  private async claim(importId: string): Promise<boolean> {
    const now = this.deps.clock();
    const claimed = await this.deps.db.importJob.updateMany({
      where: {
        id: importId,
        status: { in: ["committing", "failing"] },
        OR: [{ heldUntil: null }, { heldUntil: { lt: now } }],
      },
      data: { heldUntil: new Date(now.getTime() + holdMs) },
    });
    return claimed.count > 0;
  }

  /** Writes the import's progress; answers it without its upload and plan (megabytes each). */
  private async update(importId: string, data: Prisma.ImportJobUpdateInput): Promise<JobState> {
    const at = this.deps.clock();
    return this.deps.db.importJob.update({
      where: { id: importId },
      data: { ...data, updatedAt: at, heldUntil: new Date(at.getTime() + holdMs) },
      omit: heavy,
    });
  }

  /**
   * Records a chunk: what it made merged into the import's `made` in the database (only the
   * chunk's ids travel, not the import's), and the steps.
   */
  private async record(importId: string, chunk: Made, steps: StepState[]): Promise<JobState> {
    const at = this.deps.clock();
    await this.deps.db.$executeRawUnsafe(
      `UPDATE import_jobs
          SET made = made || (SELECT coalesce(jsonb_object_agg(e.kind,
                                       coalesce(made -> e.kind, '{}'::jsonb) || e.ids), '{}'::jsonb)
                                FROM jsonb_each($2::jsonb) AS e(kind, ids)),
              steps = $3::jsonb, updated_at = $4::timestamptz, held_until = $5::timestamptz
        WHERE id = $1`,
      importId,
      JSON.stringify(chunk),
      JSON.stringify(steps),
      at.toISOString(),
      new Date(at.getTime() + holdMs).toISOString(),
    );
    return this.deps.db.importJob.findUniqueOrThrow({ where: { id: importId }, omit: heavy });
  }

  private async work(importId: string): Promise<void> {
    if (!(await this.claim(importId))) return;
    let job: JobState = await this.deps.db.importJob.findUniqueOrThrow({
      where: { id: importId },
      omit: heavy,
    });
    if (job.status === "committing") {
      try {
        job = await this.commit(job);
        if (job.status !== "committing") return;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (error instanceof ReleasePending) {
          this.deps.logger.warn({ importId, err: error }, "release incomplete: retried later");
          await this.deps.db.importJob.update({
            where: { id: importId },
            data: { error: message.slice(0, 2_000), heldUntil: null, updatedAt: this.deps.clock() },
          });
          return;
        }
        this.deps.logger.warn({ importId, err: error }, "import failed: discarding its parts");
        // Where the commit stood when it failed (the chunks it wrote since this run began).
        const current = await this.deps.db.importJob.findUniqueOrThrow({
          where: { id: importId },
          omit: heavy,
        });
        job = await this.update(importId, {
          status: "failing",
          error: message.slice(0, 2_000),
          steps: markFailed(stepsOf(current)) as unknown as Prisma.InputJsonValue,
        });
      }
    }
    if (this.stopping) return this.release(importId);
    if (job.status === "failing") await this.discard(job);
  }

  /** Runs the steps from where the import stands; answers the job as it ends (or stops). */
  private async commit(start: JobState): Promise<JobState> {
    let job = start;
    // What was made is read once per commit (ids only); the plan — tens of megabytes as objects
    // at 10,000 units — a chunk at a time.
    const stored = await this.deps.db.importJob.findUniqueOrThrow({
      where: { id: job.id },
      select: { made: true },
    });
    const plan = await storedPlanRows(this.deps.db, job.id);
    let made = madeOf(stored);
    const owners = this.deps.owners();
    const caller = callerOf(job);
    const { site } = await owners.assets.GetSite({ id: job.siteId }, { caller });
    const timeZone = site?.timeZone ?? "UTC";
    for (;;) {
      if (this.stopping) {
        await this.release(job.id);
        return job;
      }
      const steps = stepsOf(job);
      const step = steps.find((s) => s.state !== "done");
      if (!step) break;
      if (step.name === "release") {
        try {
          for (const owner of ownerOrder)
            await owners[owner].ReleaseImport({ siteId: job.siteId, batchId: job.id }, { caller });
        } catch (error) {
          const why = error instanceof Error ? error.message : String(error);
          throw new ReleasePending(`release: ${why}`);
        }
        job = await this.update(job.id, {
          steps: advance(steps, "release", 5) as unknown as Prisma.InputJsonValue,
        });
        continue;
      }
      const chunk = await sendChunk(step.name, step.rowsDone, {
        owners,
        caller,
        siteId: job.siteId,
        batchId: job.id,
        plan,
        goLive: fromDbDate(job.goLiveDate),
        timeZone,
        made,
      });
      job = await this.record(job.id, chunk.made, advance(steps, step.name, chunk.rows));
      made = merge(made, chunk.made);
    }
    // Everything is in and announced: a reconciliation that cannot be read now is reported.
    const held = await reconcile(owners, caller, job, made).catch((error: unknown) => {
      this.deps.logger.warn({ importId: job.id, err: error }, "reconciliation not read");
      return null;
    });
    const rows = held ? await rowDifferencesOf(plan, made, held.rows) : [];
    const systemTotals = held?.totals ?? null;
    job = await this.finish(job, "committed", {
      error: held ? null : "committed; the reconciliation could not be read",
      ...(held
        ? {
            systemTotals: held.totals as unknown as Prisma.InputJsonValue,
            rowDifferences: rows.slice(0, MAX_ROW_DIFFERENCES) as unknown as Prisma.InputJsonValue,
            rowDifferenceCount: rows.length,
          }
        : {}),
      committedAt: this.deps.clock(),
    });
    this.deps.logger.info({ importId: job.id, systemTotals }, "import committed");
    return job;
  }

  /** Every owning service removes its part (reverse order); `failed` once all did. */
  private async discard(job: JobState): Promise<void> {
    const owners = this.deps.owners();
    const caller = callerOf(job);
    for (let attempt = 1; ; attempt += 1) {
      try {
        for (const owner of [...ownerOrder].reverse())
          await owners[owner].DiscardImport({ siteId: job.siteId, batchId: job.id }, { caller });
        await this.finish(job, "failed", {
          steps: discarded(stepsOf(job)) as unknown as Prisma.InputJsonValue,
          made: {},
        });
        this.deps.logger.info({ importId: job.id }, "import failed; every part discarded");
        return;
      } catch (error) {
        this.deps.logger.warn({ importId: job.id, err: error, attempt }, "discard incomplete");
        if (attempt >= discardTries || this.stopping) return this.release(job.id);
        await new Promise((resolve) => setTimeout(resolve, 1_000 * attempt));
      }
    }
  }

  /** Ends the import, announcing it (`onboarding.import.finished`) in the same transaction. */
  private async finish(
    job: JobState,
    status: "committed" | "failed",
    data: Prisma.ImportJobUpdateInput,
  ): Promise<JobState> {
    const at = this.deps.clock();
    const ended = await this.deps.db.$transaction(async (tx) => {
      const row = await tx.importJob.update({
        where: { id: job.id },
        data: { ...data, status, updatedAt: at, heldUntil: null },
        omit: heavy,
      });
      await writeOutbox(tx, importFinished(row));
      return row;
    });
    this.deps.outboxWritten();
    return ended;
  }

  private async release(importId: string) {
    await this.deps.db.importJob.update({ where: { id: importId }, data: { heldUntil: null } });
  }
}

/** The committer, as the owning services are called: scoped to the import's site. */
export function callerOf(
  job: Pick<ImportJob, "committedBy" | "createdBy" | "orgId" | "siteId" | "callerRoles">,
): Caller {
  return {
    actor: job.committedBy ?? job.createdBy,
    orgId: job.orgId,
    siteIds: [job.siteId],
    roles: job.callerRoles,
  };
}

/** The steps of a commit about to start, with their row counts. */
export function initialSteps(rows: (step: StepName) => number): StepState[] {
  return (["units", "customers", "leases", "balances", "deposits", "release"] as const).map(
    (name) => {
      const rowsTotal = rows(name);
      return { name, state: rowsTotal === 0 ? "done" : "pending", rowsDone: 0, rowsTotal };
    },
  );
}

function advance(steps: StepState[], name: StepName, rows: number): StepState[] {
  return steps.map((s) => {
    if (s.name !== name) return s;
    const rowsDone = Math.min(s.rowsTotal, s.rowsDone + rows);
    return { ...s, rowsDone, state: rowsDone >= s.rowsTotal ? "done" : "running" };
  });
}

/** The step that was under way failed. */
function markFailed(steps: StepState[]): StepState[] {
  const failing = steps.findIndex((s) => s.state !== "done");
  return steps.map((s, i) => (i === failing ? { ...s, state: "failed" } : s));
}

const discarded = (steps: StepState[]) =>
  steps.map((s) => (s.rowsDone > 0 ? { ...s, state: "discarded" } : s));

/** Adds a chunk's ids to what the commit made (in place: copying it per chunk was quadratic). */
function merge(made: Made, more: Made): Made {
  for (const [kind, ids] of Object.entries(more)) {
    made[kind] ??= {};
    Object.assign(made[kind], ids);
  }
  return made;
}

export { CHUNK };
