import type { Subscription } from "@slms/messaging";
import type { FinanceDeps } from "../deps.ts";
import { feedEventTypes } from "../domain/feed-item.ts";
import { recordChange } from "../use-cases/record-change.ts";

/** The queue of the change feed: billing's and payments' money events. */
export const changeQueue = "finance.changes";

/** Each money event becomes one change of the feed, once (use-cases/record-change.ts). */
export function changeSubscription(deps: FinanceDeps): Subscription {
  return {
    queue: changeQueue,
    logger: deps.logger,
    bindings: feedEventTypes,
    handle: async (event) => {
      await recordChange(deps, event);
    },
  };
}
