import { startPeriodic } from "@slms/lifecycle";
import type { NotificationsDeps } from "../deps.ts";
import { queueDueNotifications } from "../use-cases/queue-due-notifications.ts";

/**
 * Queues due reminders and dunning steps on start and every `intervalMs`. Safe on every replica
 * at once (see queueDueNotifications): no leader is needed.
 */
export function startScheduler(deps: NotificationsDeps, intervalMs: number) {
  return startPeriodic({
    name: "notification scheduler",
    intervalMs,
    logger: deps.logger,
    run: async () => {
      const report = await queueDueNotifications(deps);
      if (report.queued > 0) deps.logger.info(report, "notifications queued");
      return report;
    },
  });
}
