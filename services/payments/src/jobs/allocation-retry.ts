import type { Logger } from "@slms/logging";
import type { PaymentsDeps } from "../deps.ts";
import { allocatePendingPayments } from "../use-cases/allocate-pending-payments.ts";

/**
 * Retries the allocation of payments recorded while billing was unreachable, on start and every
 * `intervalMs`. Safe on every replica: see allocatePendingPayments.
 */
export function startAllocationRetry(
  deps: PaymentsDeps,
  logger: Logger,
  intervalMs: number,
): { close(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = running.then(async () => {
      try {
        const result = await allocatePendingPayments(deps);
        if (result.allocated + result.failed > 0)
          logger.info(result, "pending allocations retried");
      } catch (error) {
        logger.error({ err: error }, "allocation retry failed; will retry");
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
