import { unitStatuses } from "@slms/contracts";
import { writeOutbox } from "@slms/db";
import { conflict, notFound, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { unitView } from "../db/rows.ts";
import { findSiteInScope } from "../db/scope.ts";
import type { AssetsDeps } from "../deps.ts";
import { allowedNextStatuses, canChangeStatus } from "../domain/unit-status.ts";
import type { UnitView } from "../domain/views.ts";
import { unitStatusChanged } from "../events/unit-events.ts";

const input = z.object({
  status: z.enum(unitStatuses),
  reason: z.string().trim().min(1, "must say why").max(500),
});

/**
 * Moves a unit to another status, records the change (who, when, why) and announces it
 * (`assets.unit.status_changed`), all in one transaction. A concurrent change of the same
 * unit makes this one fail with a conflict rather than overwrite it.
 */
export async function changeUnitStatus(
  deps: AssetsDeps,
  caller: Caller,
  siteId: string,
  unitId: string,
  request: z.input<typeof input>,
): Promise<UnitView> {
  const { status, reason } = parseInput(input, request, "status change");
  const site = await findSiteInScope(deps.db, caller, siteId);
  const current = await deps.db.unit.findFirst({ where: { id: unitId, siteId } });
  if (!current) throw notFound("unit");
  if (!canChangeStatus(current.status, status)) {
    throw conflict(
      `a ${current.status} unit cannot become ${status}; allowed: ${allowedNextStatuses(current.status).join(", ")}`,
      [{ field: "status", message: `not allowed from ${current.status}` }],
    );
  }
  const unit = await deps.db.$transaction(async (tx) => {
    const now = new Date();
    const changed = await tx.unit.updateMany({
      where: { id: unitId, status: current.status },
      data: { status, statusChangedAt: now },
    });
    if (changed.count === 0)
      throw conflict("the unit's status changed meanwhile; reload and retry");
    await tx.unitStatusChange.create({
      data: {
        unitId,
        fromStatus: current.status,
        toStatus: status,
        reason,
        actor: caller.actor,
        changedAt: now,
      },
    });
    const view = unitView(
      { ...current, status, statusChangedAt: now, updatedAt: now },
      site.currency,
    );
    await writeOutbox(tx, unitStatusChanged(caller, view, current.status, reason));
    return view;
  });
  deps.outboxWritten();
  return unit;
}
