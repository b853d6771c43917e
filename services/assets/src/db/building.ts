import { DomainError } from "@slms/errors";
import type { AssetsDeps, Tx } from "../deps.ts";

/**
 * Refuses a building id that is not a building of the site as not found (whether it exists at
 * another site is nobody's business), naming the field.
 */
export async function requireBuildingOfSite(
  db: AssetsDeps["db"] | Tx,
  siteId: string,
  buildingId: string,
) {
  const building = await db.building.findFirst({
    where: { id: buildingId, siteId },
    select: { id: true },
  });
  if (!building) {
    throw new DomainError("not_found", "building not found", [
      { field: "buildingId", message: "is not a building of this site" },
    ]);
  }
}
