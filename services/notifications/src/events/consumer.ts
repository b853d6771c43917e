import type { Subscription } from "@slms/messaging";
import type { NotificationsDeps } from "../deps.ts";
import { applyEvent, consumedEventTypes, eventInbox } from "../use-cases/apply-event.ts";

export const eventQueue = eventInbox;

/** The events notifications acts on, each applied once (use-cases/apply-event.ts). */
export function eventSubscription(deps: NotificationsDeps): Subscription {
  return {
    queue: eventQueue,
    logger: deps.logger,
    bindings: consumedEventTypes,
    handle: async (event) => {
      await applyEvent(deps, event);
    },
  };
}
