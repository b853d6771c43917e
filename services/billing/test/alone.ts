import { createLogger } from "@slms/logging";
import { createInProcessBus } from "@slms/messaging";
import {
  type BillingServiceOptions,
  type RunningBillingService,
  startBillingService,
} from "../src/service.ts";

/**
 * The billing service by itself on a test database, for runs over seeded leases: no assets,
 * customers or contracts service to ask (their addresses lead nowhere), no periodic job, silent
 * logs, and an in-process bus unless `options` gives one.
 */
export function startBillingAlone(
  databaseUrl: string,
  options: Partial<BillingServiceOptions> = {},
): Promise<RunningBillingService> {
  const logger = options.logger ?? createLogger({ service: "billing-test", level: "silent" });
  return startBillingService({
    databaseUrl,
    bus: createInProcessBus({ logger }),
    logger,
    grpcAddress: "127.0.0.1:0",
    assetsTarget: "127.0.0.1:1",
    customersTarget: "127.0.0.1:1",
    contractsTarget: "127.0.0.1:1",
    jobIntervalMs: 0,
    ...options,
  });
}
