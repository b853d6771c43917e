import { startPeriodic } from "@slms/lifecycle";
import type { NotificationsDeps } from "../deps.ts";
import { dispatchNotifications } from "../use-cases/dispatch-notifications.ts";

const BATCH = 50;

/**
 * Sends due notifications on start, every `intervalMs`, and soon after `wake()` (messages were
 * queued); a full batch is followed by another at once. Safe on every replica at once (see
 * dispatchNotifications).
 */
export function startDispatcher(deps: NotificationsDeps, intervalMs: number) {
  let woken = false;
  const periodic = startPeriodic({
    name: "notification dispatcher",
    intervalMs,
    logger: deps.logger,
    run: async () => {
      woken = false;
      for (;;) {
        const report = await dispatchNotifications(deps, { limit: BATCH });
        const handled = Object.values(report).reduce((a, b) => a + b, 0);
        if (report.failed > 0 || report.retrying > 0) deps.logger.info(report, "dispatch run");
        if (handled < BATCH) return report;
      }
    },
  });
  return {
    wake() {
      if (woken) return;
      woken = true;
      void periodic.tick();
    },
    close: () => periodic.close(),
  };
}
