import type { LeaseRenewedV1 } from "@slms/contracts";
import { parseInput } from "@slms/errors";
import { z } from "zod";
import { storeLease } from "../db/lease-schedule.ts";
import type { BillingDeps } from "../deps.ts";
import { scheduleLine } from "../domain/fields.ts";
import { applyLeaseEventOnce, type LeaseEvent } from "./lease-event-inbox.ts";

const bounded = z.object({ schedule: z.array(scheduleLine) });

/**
 * `contracts.lease.renewed`: the successor lease (from the day after its predecessor ends) is
 * stored with its schedule exactly as an activated lease is; the predecessor bills on until its
 * own end. Once per event; out-of-bounds amounts or dates are refused (`invalid`).
 */
export async function applyLeaseRenewed(
  deps: BillingDeps,
  event: LeaseEvent<LeaseRenewedV1>,
): Promise<boolean> {
  parseInput(bounded, event.data, `event ${event.type}`);
  return applyLeaseEventOnce(deps, event, (tx) => storeLease(tx, event.orgId, event.data));
}
