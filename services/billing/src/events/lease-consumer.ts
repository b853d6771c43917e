import {
  type EventEnvelope,
  EventTypes,
  leaseActivatedV1,
  leaseAmendedV1,
  leaseExpiredV1,
  leaseRenewedV1,
  leaseTerminatedV1,
} from "@slms/contracts";
import { parseInput } from "@slms/errors";
import type { Subscription } from "@slms/messaging";
import type { z } from "zod";
import type { BillingDeps } from "../deps.ts";
import { applyLeaseActivated } from "../use-cases/apply-lease-activated.ts";
import { applyLeaseAmended } from "../use-cases/apply-lease-amended.ts";
import { applyLeaseExpired } from "../use-cases/apply-lease-expired.ts";
import { applyLeaseRenewed } from "../use-cases/apply-lease-renewed.ts";
import { applyLeaseTerminated } from "../use-cases/apply-lease-terminated.ts";
import { type LeaseEvent, leaseInbox } from "../use-cases/lease-event-inbox.ts";

export const leaseQueue = leaseInbox;

/**
 * Billing's view of leases, kept from `contracts.lease.*` events: each event type is parsed and
 * handed to its use case (`use-cases/apply-lease-*.ts`), which applies it once. Other lease
 * events (expiring alerts, types added later) are not billing's business and are acked as is.
 */
export function leaseSubscription(deps: BillingDeps): Subscription {
  return {
    queue: leaseQueue,
    logger: deps.logger,
    bindings: ["contracts.lease.*"],
    handle: async (event) => {
      switch (event.type) {
        case EventTypes.LeaseActivated:
          await applyLeaseActivated(deps, parsed(event, leaseActivatedV1));
          return;
        case EventTypes.LeaseRenewed:
          await applyLeaseRenewed(deps, parsed(event, leaseRenewedV1));
          return;
        case EventTypes.LeaseAmended:
          await applyLeaseAmended(deps, parsed(event, leaseAmendedV1));
          return;
        case EventTypes.LeaseTerminated:
          await applyLeaseTerminated(deps, parsed(event, leaseTerminatedV1));
          return;
        case EventTypes.LeaseExpired:
          await applyLeaseExpired(deps, parsed(event, leaseExpiredV1));
          return;
        default:
          return;
      }
    },
  };
}

function parsed<S extends z.ZodType>(event: EventEnvelope, schema: S): LeaseEvent<z.output<S>> {
  return {
    id: event.id,
    type: event.type,
    orgId: event.orgId,
    data: parseInput(schema, event.data, `event ${event.type}`),
  };
}
