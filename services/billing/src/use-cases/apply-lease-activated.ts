import type { LeaseSnapshotV1 } from "@slms/contracts";
import { parseInput } from "@slms/errors";
import { z } from "zod";
import { storeLease } from "../db/lease-schedule.ts";
import type { BillingDeps } from "../deps.ts";
import { scheduleLine } from "../domain/fields.ts";
import { applyLeaseEventOnce, type LeaseEvent } from "./lease-event-inbox.ts";

const bounded = z.object({ schedule: z.array(scheduleLine) });

/**
 * `contracts.lease.activated`: billing stores the lease (its parties, dates, time zone, the
 * late-fee rule of its latest terms) and the schedule contracts computed, which billing runs then
 * bill. Once per event; a lease activated again keeps the lines it has. Amounts and dates beyond
 * the platform's bounds are refused (`invalid`: the event is dead-lettered, nothing stored).
 */
export async function applyLeaseActivated(
  deps: BillingDeps,
  event: LeaseEvent<LeaseSnapshotV1>,
): Promise<boolean> {
  parseInput(bounded, event.data, `event ${event.type}`);
  return applyLeaseEventOnce(deps, event, (tx) => storeLease(tx, event.orgId, event.data));
}
