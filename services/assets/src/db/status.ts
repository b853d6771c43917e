import type { UnitStatusName } from "@slms/contracts";
import { writeOutbox } from "@slms/db";
import type { Caller } from "@slms/grpc";
import type { Tx } from "../deps.ts";
import type { UnitView } from "../domain/views.ts";
import { unitStatusChanged } from "../events/unit-events.ts";
import type { Unit } from "../generated/prisma/client.ts";
import { unitView } from "./rows.ts";

/**
 * Moves a unit (already locked by the caller's transaction) to a status: the row, a history
 * entry (who, when, why) and the `assets.unit.status_changed` event, in that transaction.
 */
export async function recordStatusChange(
  tx: Tx,
  caller: Caller,
  unit: Unit,
  to: UnitStatusName,
  reason: string,
  currency: string,
): Promise<UnitView> {
  const now = new Date();
  const row = await tx.unit.update({
    where: { id: unit.id },
    data: { status: to, statusChangedAt: now },
  });
  await tx.unitStatusChange.create({
    data: {
      unitId: unit.id,
      fromStatus: unit.status,
      toStatus: to,
      reason,
      actor: caller.actor,
      changedAt: now,
    },
  });
  const view = unitView(row, currency);
  await writeOutbox(tx, unitStatusChanged(caller, view, unit.status, reason));
  return view;
}

/** Locks units of a site in id order (so concurrent writers never deadlock) and returns them. */
export async function lockUnits(
  tx: Tx,
  siteId: string,
  unitIds: readonly string[],
): Promise<Unit[]> {
  const ids = [...unitIds].sort();
  await tx.$queryRaw`SELECT id FROM units WHERE site_id = ${siteId} AND id = ANY(${ids}::text[]) ORDER BY id FOR UPDATE`;
  return tx.unit.findMany({ where: { siteId, id: { in: ids } }, orderBy: { id: "asc" } });
}
