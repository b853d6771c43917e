import type { Caller } from "@slms/grpc";
import type { Logger } from "@slms/logging";
import { todayIn } from "../db/dates.ts";
import type { BillingDeps } from "../deps.ts";
import { accrueLateFees } from "../use-cases/accrue-late-fees.ts";
import { startBillingRun } from "../use-cases/start-billing-run.ts";

/**
 * Billing's periodic work (default hourly): for every organisation's sites, a billing run up to
 * today (site time zone) and the late-fee step. Both are safe on every replica at once: bills are
 * unique by key and accruals by (bill, day), so a second replica's work is a no-op.
 */
export function startDailyJob(
  deps: BillingDeps,
  logger: Logger,
  intervalMs: number,
): { close(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = running.then(async () => {
      try {
        const groups = await deps.db.billingLease.groupBy({
          by: ["orgId", "siteId", "timeZone"],
          where: { status: "active" },
        });
        for (const group of groups) {
          const caller: Caller = {
            actor: "system:billing-job",
            orgId: group.orgId,
            siteIds: "all",
            roles: ["system"],
          };
          await startBillingRun(deps, caller, {
            siteId: group.siteId,
            targetDate: todayIn(group.timeZone, deps.clock()),
            wait: true,
          });
        }
        const system: Caller = {
          actor: "system:billing-job",
          orgId: "system",
          siteIds: "all",
          roles: ["system"],
        };
        const fees = await accrueLateFees(deps, system, {});
        if (fees.bills > 0) logger.info(fees, "late fees accrued");
      } catch (error) {
        logger.error({ err: error }, "billing job failed; will retry");
      }
    });
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    async close() {
      clearInterval(timer);
      await running;
    },
  };
}
