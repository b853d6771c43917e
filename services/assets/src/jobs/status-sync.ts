import type { Caller } from "@slms/grpc";
import { startPeriodic } from "@slms/lifecycle";
import type { Logger } from "@slms/logging";
import type { AssetsDeps } from "../deps.ts";
import { syncUnitStatuses } from "../use-cases/sync-unit-statuses.ts";

const systemCaller: Caller = {
  actor: "system:unit-status-sync",
  orgId: "system",
  siteIds: "all",
  roles: ["system"],
};

/**
 * Keeps unit statuses following their holds as days pass (a lease starts or ends at midnight,
 * site time). Runs on start and every `intervalMs`; the sync is safe on every replica at once.
 */
export function startStatusSync(deps: AssetsDeps, logger: Logger, intervalMs: number) {
  return startPeriodic({
    name: "unit status sync",
    intervalMs,
    logger,
    run: async () => {
      const changed = await syncUnitStatuses(deps, systemCaller);
      if (changed > 0) logger.info({ changed }, "unit statuses synced with holds");
      return changed;
    },
  });
}
