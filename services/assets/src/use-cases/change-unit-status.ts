import { unitStatuses } from "@slms/contracts";
import { writeOutbox } from "@slms/db";
import { conflict, notFound, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { unitView } from "../db/rows.ts";
import { siteFactsInScope } from "../db/scope.ts";
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
    // Lock the row so concurrent changes of one unit queue up and each sees the other's result.
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM units WHERE id = ${unitId} AND site_id = ${siteId} FOR UPDATE`;
    if (locked.length === 0) throw notFound("unit");
    const current = await tx.unit.findUniqueOrThrow({ where: { id: unitId } });
    if (!canChangeStatus(current.status, status)) {
      throw conflict(
        `a ${current.status} unit cannot become ${status}; allowed: ${allowedNextStatuses(current.status).join(", ")}`,
        [{ field: "status", message: `not allowed from ${current.status}` }],
      );
    }
    const now = new Date();
    const row = await tx.unit.update({
      where: { id: unitId },
      data: { status, statusChangedAt: now },
    });
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
    const view = unitView(row, site.currency);
    await writeOutbox(tx, unitStatusChanged(caller, view, current.status, reason));
    return view;
  });
  deps.outboxWritten();
  return unit;
}
