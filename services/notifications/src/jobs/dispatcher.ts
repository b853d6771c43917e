import { startPeriodic } from "@slms/lifecycle";
import type { NotificationsDeps } from "../deps.ts";
import { dispatchNotifications } from "../use-cases/dispatch-notifications.ts";

const BATCH = 50;
/**
 * Dispatch loops run side by side, so one claims its next batch while the others' messages are on
 * the wire (the SMTP pool would idle during a claim otherwise). Three keep its 4 connections busy.
 */
const LOOPS = 3;

/**
 * Sends due notifications on start, every `intervalMs`, and soon after `wake()` (messages were
 * queued); each loop follows a full batch with another at once. Safe on every replica at once (see
 * dispatchNotifications), and so in loops side by side.
 */
export function startDispatcher(deps: NotificationsDeps, intervalMs: number) {
  let woken = false;
  const periodic = startPeriodic({
    name: "notification dispatcher",
    intervalMs,
    logger: deps.logger,
    run: async () => {
      woken = false;
      const loop = async () => {
        for (;;) {
          const report = await dispatchNotifications(deps, { limit: BATCH });
          const handled = Object.values(report).reduce((a, b) => a + b, 0);
          if (report.failed > 0 || report.retrying > 0) deps.logger.info(report, "dispatch run");
          if (handled < BATCH) return;
        }
      };
      await Promise.all(Array.from({ length: LOOPS }, loop));
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
