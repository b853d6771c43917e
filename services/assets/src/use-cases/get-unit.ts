import { notFound } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { unitView } from "../db/rows.ts";
import { siteFactsInScope } from "../db/scope.ts";
import type { AssetsDeps } from "../deps.ts";
import type { UnitView } from "../domain/views.ts";

export async function getUnit(
  deps: AssetsDeps,
  caller: Caller,
  siteId: string,
  unitId: string,
): Promise<UnitView> {
  const site = await siteFactsInScope(deps.db, caller, siteId);
  const row = await deps.db.unit.findFirst({ where: { id: unitId, siteId } });
  if (!row) throw notFound("unit");
  return unitView(row, site.currency);
}
