import type { Caller } from "@slms/grpc";
import { buildingView } from "../db/rows.ts";
import { findSiteInScope } from "../db/scope.ts";
import type { AssetsDeps } from "../deps.ts";
import type { BuildingView } from "../domain/views.ts";

export async function listBuildings(
  deps: AssetsDeps,
  caller: Caller,
  siteId: string,
): Promise<BuildingView[]> {
  await findSiteInScope(deps.db, caller, siteId);
  const rows = await deps.db.building.findMany({ where: { siteId }, orderBy: { code: "asc" } });
  return rows.map(buildingView);
}
