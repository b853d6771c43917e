import { randomUUID } from "node:crypto";
import type { Caller } from "@slms/grpc";
import { startPeriodic } from "@slms/lifecycle";
import type { Logger } from "@slms/logging";
import { todayIn } from "@slms/primitives/zoned";
import { billingLastRunCompleted } from "@slms/telemetry";
import { countCandidates } from "../db/run-sql.ts";
import type { BillingDeps } from "../deps.ts";
import { accrueLateFees } from "../use-cases/accrue-late-fees.ts";
import { startBillingRun } from "../use-cases/start-billing-run.ts";

const JOB = "billing-daily";

/**
 * Billing's periodic work (default hourly): for every organisation's sites with something due, a
 * billing run up to today (site time zone), then the late-fee step. One replica does it: each tick
 * claims the job's lease (`job_leases`) and renews it while it lives; another replica takes over
 * once it is handed back (on shutdown) or has expired (the holder died). (The work is safe on several replicas anyway — bills are unique by
 * key and accruals by bill and day — the lease only spares the duplicate effort and run rows.)
 */
export function startDailyJob(deps: BillingDeps, logger: Logger, intervalMs: number) {
  const holder = randomUUID();
  const job = startPeriodic({
    name: "billing job",
    intervalMs,
    logger,
    run: async () => {
      if (!(await claim(deps, holder, intervalMs))) return false;
      await work(deps, logger);
      return true;
    },
  });
  return {
    tick: job.tick,
    /** Stops, and hands the lease back so another replica takes over at its next tick. */
    async close() {
      await job.close();
      await deps.db.jobLease.deleteMany({ where: { name: JOB, holder } }).catch(() => undefined);
    },
  };
}

/**
 * Takes or renews the job's lease for a little over one interval (so the holder's next tick
 * renews it before anyone else may take it). True if this process holds it now.
 */
async function claim(deps: BillingDeps, holder: string, intervalMs: number): Promise<boolean> {
  const until = new Date(deps.clock().getTime() + intervalMs + Math.min(intervalMs, 60_000));
  const rows = await deps.db.$queryRaw<{ holder: string }[]>`
    INSERT INTO job_leases (name, holder, expires_at) VALUES (${JOB}, ${holder}, ${until})
    ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
      WHERE job_leases.holder = EXCLUDED.holder OR job_leases.expires_at < ${deps.clock()}
    RETURNING holder`;
  return rows.length === 1;
}

async function work(deps: BillingDeps, logger: Logger): Promise<void> {
  const sites = await deps.db.billingLease.groupBy({
    by: ["orgId", "siteId", "timeZone"],
    where: { status: "active" },
  });
  for (const site of sites) {
    const today = todayIn(site.timeZone, deps.clock());
    // Most ticks find nothing new: no run row for those.
    if ((await countCandidates(deps.db, site.orgId, [site.siteId], today)) === 0) continue;
    const caller: Caller = {
      actor: "system:billing-job",
      orgId: site.orgId,
      siteIds: "all",
      roles: ["system"],
    };
    const { finished } = await startBillingRun(deps, caller, {
      siteId: site.siteId,
      targetDate: today,
    });
    const run = await finished;
    logger.info(
      { siteId: site.siteId, runId: run.id, issued: run.issued },
      "scheduled billing run",
    );
  }
  const system: Caller = {
    actor: "system:billing-job",
    orgId: "system",
    siteIds: "all",
    roles: ["system"],
  };
  const fees = await accrueLateFees(deps, system, {});
  if (fees.bills > 0) logger.info(fees, "late fees accrued");
  // Every site is billed up to today (a tick with nothing due is a completed run too): what the
  // "billing job has not run for a day" alert watches.
  billingLastRunCompleted().record(Date.now() / 1000, { service: "billing" });
}
