import { startPeriodic } from "@slms/lifecycle";
import type { NotificationsDeps } from "../deps.ts";
import { queueDueNotifications } from "../use-cases/queue-due-notifications.ts";
import { skipMissedTicks } from "./skip-missed-ticks.ts";

/**
 * Queues due reminders and dunning steps on start and every `intervalMs`; a run longer than the
 * interval is followed by one more, not one per tick missed (skipMissedTicks). Safe on every
 * replica at once (see queueDueNotifications): no leader is needed.
 */
export function startScheduler(deps: NotificationsDeps, intervalMs: number) {
  return startPeriodic({
    name: "notification scheduler",
    intervalMs,
    logger: deps.logger,
    run: skipMissedTicks(async () => {
      const report = await queueDueNotifications(deps);
      if (report.queued > 0) deps.logger.info(report, "notifications queued");
      return report;
    }, intervalMs),
  });
}
