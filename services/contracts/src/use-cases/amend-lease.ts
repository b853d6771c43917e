import type { WireTerms } from "@slms/contracts";
import { writeOutbox } from "@slms/db";
import { conflict, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { refuseHeldImport } from "../db/held-imports.ts";
import { findLease, type LeaseView, toDbDate } from "../db/leases.ts";
import type { ContractsDeps } from "../deps.ts";
import { applyAmendment } from "../domain/amendment.ts";
import { assertDerivedAmounts } from "../domain/derived-amounts.ts";
import { buildSchedule } from "../domain/schedule.ts";
import { leaseAmended } from "../events/lease-events.ts";
import { civilDateInput, reasonInput } from "../input/fields.ts";
import { validTerms } from "../input/terms-input.ts";

const input = z.object({ effectiveFrom: civilDateInput, reason: reasonInput });

/**
 * Adds a version of an active lease's terms from a date. Days before it keep their terms, so
 * periods already billed never change (the domain re-checks that); no charge or penalty the new
 * terms derive may exceed the amount limit. Two concurrent amendments
 * cannot both become the same version: the version number is a key. A lease of an import not
 * released yet cannot be amended (`refuseHeldImport`).
 */
export async function amendLease(
  deps: ContractsDeps,
  caller: Caller,
  siteId: string,
  leaseId: string,
  request: z.input<typeof input> & { terms: WireTerms },
): Promise<LeaseView> {
  const data = parseInput(input, request, "amendment");
  const lease = await findLease(deps.db, caller, siteId, leaseId);
  if (lease.status !== "active") throw conflict(`a ${lease.status} lease cannot be amended`);
  await refuseHeldImport(deps.db, leaseId);
  const terms = validTerms(lease, request.terms, lease.currency);
  const versions = applyAmendment(lease, lease.versions, data.effectiveFrom, terms);
  assertDerivedAmounts(lease, versions);
  const added = versions.at(-1)!;
  try {
    const amended = await deps.db.$transaction(async (tx) => {
      await tx.leaseVersion.create({
        data: {
          leaseId,
          version: added.version,
          effectiveFrom: toDbDate(added.effectiveFrom),
          terms: added.terms as object,
          reason: data.reason,
          actor: caller.actor,
        },
      });
      // The lease's terms changed: its update time moves, so a client syncing by update time
      // (`updatedSince`) reads it again.
      await tx.lease.update({ where: { id: leaseId }, data: { updatedAt: new Date() } });
      const now = await findLease(tx, caller, siteId, leaseId);
      if (now.status !== "active") throw conflict(`the lease became ${now.status} meanwhile`);
      await writeOutbox(tx, leaseAmended(caller, now, buildSchedule(now, now.versions)));
      return now;
    });
    deps.outboxWritten();
    return amended;
  } catch (error) {
    if ((error as { code?: unknown }).code === "P2002") {
      throw conflict("the lease was amended meanwhile; reload and retry");
    }
    throw error;
  }
}
