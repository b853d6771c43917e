import { unitStatuses } from "@slms/contracts";
import { conflict, notFound, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { fromDbDate, toDbDate, todayIn } from "@slms/primitives/zoned";
import { z } from "zod";
import { siteFactsInScope } from "../db/scope.ts";
import { lockUnits, recordStatusChange } from "../db/status.ts";
import type { AssetsDeps } from "../deps.ts";
import { allowedNextStatuses, canChangeStatus } from "../domain/unit-status.ts";
import type { UnitView } from "../domain/views.ts";

const input = z.object({
  status: z.enum(unitStatuses),
  reason: z.string().trim().min(1, "must say why").max(500),
});

/**
 * Moves a unit to another status, records the change (who, when, why) and announces it
 * (`assets.unit.status_changed`), all in one transaction. Concurrent changes of the same unit
 * are serialised by a row lock; each is checked against the status the other left.
 */
export async function changeUnitStatus(
  deps: AssetsDeps,
  caller: Caller,
  siteId: string,
  unitId: string,
  request: z.input<typeof input>,
): Promise<UnitView> {
  const { status, reason } = parseInput(input, request, "status change");
  const site = await siteFactsInScope(deps.db, caller, siteId);
  const unit = await deps.db.$transaction(async (tx) => {
    // The row lock makes concurrent changes of one unit queue up and see each other's result.
    const [current] = await lockUnits(tx, siteId, [unitId]);
    if (!current) throw notFound("unit");
    if (!canChangeStatus(current.status, status)) {
      throw conflict(
        `a ${current.status} unit cannot become ${status}; allowed: ${allowedNextStatuses(current.status).join(", ")}`,
        [{ field: "status", message: `not allowed from ${current.status}` }],
      );
    }
    if (current.status === "leased") {
      const { timeZone } = await tx.site.findUniqueOrThrow({
        where: { id: siteId },
        select: { timeZone: true },
      });
      const today = toDbDate(todayIn(timeZone, new Date()));
      const hold = await tx.unitHold.findFirst({
        where: { unitId, fromDate: { lte: today }, toDate: { gte: today } },
      });
      if (hold) {
        throw conflict(
          `the unit is under lease ${hold.leaseId} until ${fromDbDate(hold.toDate)}; end the lease instead`,
          [{ field: "status", message: "the unit is leased under an active lease" }],
        );
      }
    }
    return recordStatusChange(tx, caller, current, status, reason, site.currency);
  });
  deps.outboxWritten();
  return unit;
}
