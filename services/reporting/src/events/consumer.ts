import type { Subscription } from "@slms/messaging";
import type { ReportingDeps } from "../deps.ts";
import { applyEvent, eventInbox } from "../use-cases/apply-event.ts";

export const eventQueue = eventInbox;

/** Every event of every service, applied once to the read models (use-cases/apply-event.ts). */
export function eventSubscription(deps: ReportingDeps): Subscription {
  return {
    queue: eventQueue,
    logger: deps.logger,
    bindings: ["#"],
    handle: async (event) => {
      await applyEvent(deps, event);
    },
  };
}
