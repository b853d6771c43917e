import { invalid } from "@slms/errors";
import type { AssetsDeps } from "../deps.ts";

/** Rejects a building id that is not a building of the site, naming the field. */
export async function requireBuildingOfSite(
  db: AssetsDeps["db"],
  siteId: string,
  buildingId: string,
  what = "unit",
) {
  const building = await db.building.findFirst({
    where: { id: buildingId, siteId },
    select: { id: true },
  });
  if (!building)
    throw invalid(`invalid ${what}`, [
      { field: "buildingId", message: "is not a building of this site" },
    ]);
}
