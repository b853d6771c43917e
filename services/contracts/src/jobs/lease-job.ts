import type { Logger } from "@slms/logging";
import type { ContractsDeps } from "../deps.ts";
import { runLeaseJob } from "../use-cases/run-lease-job.ts";

/**
 * Runs the lease job on start and every `intervalMs` (default hourly, so each site's midnight is
 * picked up within the hour). Safe on every replica: the job claims each effect itself.
 */
export function startLeaseJob(
  deps: ContractsDeps,
  logger: Logger,
  intervalMs: number,
): { close(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = running.then(async () => {
      try {
        const result = await runLeaseJob(deps);
        if (result.expired + result.alerts + result.released > 0) logger.info(result, "lease job");
      } catch (error) {
        logger.error({ err: error }, "lease job failed; will retry");
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
