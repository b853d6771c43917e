import type { LeaseAmendedV1 } from "@slms/contracts";
import { parseInput } from "@slms/errors";
import { z } from "zod";
import { reschedule } from "../db/lease-schedule.ts";
import type { BillingDeps } from "../deps.ts";
import { scheduleLine } from "../domain/fields.ts";
import { applyLeaseEventOnce, type LeaseEvent } from "./lease-event-inbox.ts";

const bounded = z.object({ schedule: z.array(scheduleLine) });

/**
 * `contracts.lease.amended`: the lease's schedule becomes the amended one. A billed period whose
 * amount changed gets an adjustment bill (more) or a credit note (less) for the difference to
 * what it billed net of earlier adjustments — never a silent edit; pending lines are replaced,
 * and pending lines the new schedule no longer has are cancelled. The late-fee rule becomes the
 * new version's. Once per event; out-of-bounds amounts or dates are refused (`invalid`).
 */
export async function applyLeaseAmended(
  deps: BillingDeps,
  event: LeaseEvent<LeaseAmendedV1>,
): Promise<boolean> {
  parseInput(bounded, event.data, `event ${event.type}`);
  const lease = event.data;
  return applyLeaseEventOnce(deps, event, async (tx, actor) => {
    await tx.billingLease.update({
      where: { id: lease.leaseId },
      data: { lateFee: lease.versions.at(-1)!.terms.lateFee },
    });
    await reschedule(tx, actor, event.orgId, lease, {
      reason: `amendment v${lease.version} from ${lease.effectiveFrom}`,
      tag: `v${lease.version}`,
    });
  });
}
