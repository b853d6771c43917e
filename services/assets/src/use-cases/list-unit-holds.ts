import { notFound } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { toDbDate, todayIn } from "@slms/primitives/zoned";
import { type HoldView, holdView } from "../db/holds.ts";
import { siteFactsInScope } from "../db/scope.ts";
import type { AssetsDeps } from "../deps.ts";

/** A unit's holds that end today or later, by start date: its letting calendar. */
export async function listUnitHolds(
  deps: AssetsDeps,
  caller: Caller,
  siteId: string,
  unitId: string,
): Promise<HoldView[]> {
  await siteFactsInScope(deps.db, caller, siteId);
  const unit = await deps.db.unit.findFirst({
    where: { id: unitId, siteId },
    select: { site: { select: { timeZone: true } } },
  });
  if (!unit) throw notFound("unit");
  const rows = await deps.db.unitHold.findMany({
    where: { unitId, toDate: { gte: toDbDate(todayIn(unit.site.timeZone, new Date())) } },
    orderBy: { fromDate: "asc" },
  });
  return rows.map(holdView);
}
