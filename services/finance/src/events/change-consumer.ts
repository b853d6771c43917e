import type { Subscription } from "@slms/messaging";
import type { FinanceDeps } from "../deps.ts";
import { feedEventTypes } from "../domain/feed-item.ts";
import { recordChange } from "../use-cases/record-change.ts";
import {
  reverseRolledBackImport,
  rollbackEventTypes,
} from "../use-cases/reverse-rolled-back-import.ts";

/** The queue of the change feed: billing's and payments' money events, and their import rollbacks. */
export const changeQueue = "finance.changes";

const rollbacks = new Set<string>(rollbackEventTypes);

/**
 * Each money event becomes one change of the feed, once (use-cases/record-change.ts); a
 * go-live import rolled back in billing or payments takes its changes back
 * (use-cases/reverse-rolled-back-import.ts).
 */
export function changeSubscription(deps: FinanceDeps): Subscription {
  return {
    queue: changeQueue,
    logger: deps.logger,
    bindings: [...feedEventTypes, ...rollbackEventTypes],
    handle: async (event) => {
      if (rollbacks.has(event.type)) await reverseRolledBackImport(deps, event);
      else await recordChange(deps, event);
    },
  };
}
