import { startPeriodic } from "@slms/lifecycle";
import type { Logger } from "@slms/logging";
import type { ContractsDeps } from "../deps.ts";
import { runLeaseJob } from "../use-cases/run-lease-job.ts";

/**
 * Runs the lease job on start and every `intervalMs` (default hourly, so each site's midnight is
 * picked up within the hour). Safe on every replica: the job claims each effect itself.
 */
export function startLeaseJob(deps: ContractsDeps, logger: Logger, intervalMs: number) {
  return startPeriodic({
    name: "lease job",
    intervalMs,
    logger,
    run: async () => {
      const result = await runLeaseJob(deps);
      if (result.expired + result.alerts + result.released + result.termsInForce > 0) {
        logger.info(result, "lease job");
      }
      return result;
    },
  });
}
