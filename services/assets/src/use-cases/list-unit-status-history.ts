import { notFound } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { statusChangeView } from "../db/rows.ts";
import { siteFactsInScope } from "../db/scope.ts";
import type { AssetsDeps } from "../deps.ts";
import type { StatusChangeView } from "../domain/views.ts";

/** Every status the unit has had, newest first. */
export async function listUnitStatusHistory(
  deps: AssetsDeps,
  caller: Caller,
  siteId: string,
  unitId: string,
): Promise<StatusChangeView[]> {
  await siteFactsInScope(deps.db, caller, siteId);
  const unit = await deps.db.unit.findFirst({
    where: { id: unitId, siteId },
    select: { id: true },
  });
  if (!unit) throw notFound("unit");
  const rows = await deps.db.unitStatusChange.findMany({
    where: { unitId },
    orderBy: [{ changedAt: "desc" }, { id: "desc" }],
  });
  return rows.map(statusChangeView);
}
