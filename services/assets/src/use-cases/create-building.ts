import { newId } from "@slms/db";
import { conflict, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { buildingView } from "../db/rows.ts";
import { findSiteInScope } from "../db/scope.ts";
import { isUniqueViolation } from "../db/unique.ts";
import type { AssetsDeps } from "../deps.ts";
import { code, name } from "../domain/fields.ts";
import type { BuildingView } from "../domain/views.ts";

const input = z.object({
  code,
  name,
  floors: z.number().int().min(0).max(300).default(0),
});

export async function createBuilding(
  deps: AssetsDeps,
  caller: Caller,
  siteId: string,
  request: z.input<typeof input>,
): Promise<BuildingView> {
  const data = parseInput(input, request, "building");
  await findSiteInScope(deps.db, caller, siteId);
  try {
    return buildingView(
      await deps.db.building.create({ data: { id: newId("bld"), siteId, ...data } }),
    );
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw conflict(`building code ${data.code} already exists in this site`, [
        { field: "code", message: "is taken" },
      ]);
    }
    throw error;
  }
}
