import type { WireTerms } from "@slms/contracts";
import { newId, writeOutbox } from "@slms/db";
import { conflict, invalid, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { isDateInRange } from "@slms/primitives/bounds";
import { addDays } from "@slms/primitives/civil-date";
import { z } from "zod";
import { refuseHeldImport } from "../db/held-imports.ts";
import { findLease, type LeaseView, toDbDate } from "../db/leases.ts";
import type { ContractsDeps } from "../deps.ts";
import { assertDerivedAmounts } from "../domain/derived-amounts.ts";
import { buildSchedule } from "../domain/schedule.ts";
import { versionAt } from "../domain/versions.ts";
import { leaseRenewed } from "../events/lease-events.ts";
import { civilDateInput, referenceInput } from "../input/fields.ts";
import { validTerms } from "../input/terms-input.ts";

const input = z.object({ endDate: civilDateInput, reference: referenceInput.optional() });

/**
 * Renews an active (or expired) lease: a successor for the same customer and units, starting
 * the day after this one ends, linked both ways, active at once — its units are held first, so a
 * unit let to someone else from that day makes the renewal a conflict. Terms default to those in
 * force on the last day. The successor's own term is at most twenty years, within the date range,
 * like any lease's. Only one successor per lease (concurrent renewals: one wins). A lease of an
 * import not released yet cannot be renewed (`refuseHeldImport`).
 */
export async function renewLease(
  deps: ContractsDeps,
  caller: Caller,
  siteId: string,
  leaseId: string,
  request: z.input<typeof input> & { terms?: WireTerms | undefined },
): Promise<LeaseView> {
  const data = parseInput(input, request, "renewal");
  const lease = await findLease(deps.db, caller, siteId, leaseId);
  if (lease.status !== "active" && lease.status !== "expired")
    throw conflict(`a ${lease.status} lease cannot be renewed`);
  if (lease.successorId) throw conflict(`the lease was already renewed by ${lease.successorId}`);
  await refuseHeldImport(deps.db, leaseId);
  const dates = { startDate: addDays(lease.endDate, 1), endDate: data.endDate };
  if (!isDateInRange(dates.startDate)) {
    throw invalid("invalid renewal", [
      { field: "endDate", message: `no successor can start after ${lease.endDate}` },
    ]);
  }
  const current = versionAt(lease.versions, lease.endDate).terms;
  const terms = validTerms(dates, request.terms ?? current, lease.currency);
  assertDerivedAmounts(dates, [{ version: 1, effectiveFrom: dates.startDate, terms }]);
  const successorId = newId("lea");
  await deps.assets.HoldUnits(
    {
      siteId,
      leaseId: successorId,
      unitIds: lease.unitIds,
      fromDate: dates.startDate,
      toDate: dates.endDate,
    },
    { caller },
  );
  try {
    const successor = await deps.db.$transaction(async (tx) => {
      await tx.lease.create({
        data: {
          id: successorId,
          orgId: lease.orgId,
          siteId,
          reference: data.reference ?? `${lease.reference}-R`,
          customerId: lease.customerId,
          startDate: toDbDate(dates.startDate),
          endDate: toDbDate(dates.endDate),
          status: "active",
          currency: lease.currency,
          timeZone: lease.timeZone,
          predecessorId: lease.id,
          activatedAt: deps.clock(),
          createdBy: caller.actor,
          units: { create: lease.unitIds.map((unitId, position) => ({ unitId, position })) },
          versions: {
            create: {
              version: 1,
              effectiveFrom: toDbDate(dates.startDate),
              terms: terms as object,
              reason: `renewal of ${lease.id}`,
              actor: caller.actor,
            },
          },
        },
      });
      const created = await findLease(tx, caller, siteId, successorId);
      await writeOutbox(
        tx,
        leaseRenewed(caller, created, buildSchedule(created, created.versions)),
      );
      return created;
    });
    deps.outboxWritten();
    return successor;
  } catch (error) {
    // The units were held for a successor that does not exist: give them back.
    await deps.assets
      .ReleaseUnits({ siteId, leaseId: successorId, releaseFrom: dates.startDate }, { caller })
      .catch((e: unknown) =>
        deps.logger.error(
          { err: e, successorId },
          "could not release the holds of a failed renewal",
        ),
      );
    if ((error as { code?: unknown }).code === "P2002") {
      throw conflict("the lease was renewed meanwhile, or the reference is taken", [
        { field: "reference", message: "or the lease already has a successor" },
      ]);
    }
    throw error;
  }
}
