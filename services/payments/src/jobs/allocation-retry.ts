import { startPeriodic } from "@slms/lifecycle";
import type { Logger } from "@slms/logging";
import type { PaymentsDeps } from "../deps.ts";
import { allocatePendingPayments } from "../use-cases/allocate-pending-payments.ts";

/**
 * Retries the allocation of payments recorded while billing was unreachable, on start and every
 * `intervalMs`. Safe on every replica: see allocatePendingPayments.
 */
export function startAllocationRetry(deps: PaymentsDeps, logger: Logger, intervalMs: number) {
  return startPeriodic({
    name: "allocation retry",
    intervalMs,
    logger,
    run: async () => {
      const result = await allocatePendingPayments(deps);
      if (result.allocated + result.failed > 0) logger.info(result, "pending allocations retried");
      return result;
    },
  });
}
