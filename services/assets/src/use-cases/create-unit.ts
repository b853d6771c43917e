import { newId, writeOutbox } from "@slms/db";
import { conflict, invalid, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { requireBuildingOfSite } from "../db/building.ts";
import { unitView } from "../db/rows.ts";
import { siteFactsInScope } from "../db/scope.ts";
import { isUniqueViolation } from "../db/unique.ts";
import type { AssetsDeps } from "../deps.ts";
import { checkAreas, formatArea } from "../domain/area.ts";
import { amountMinor, code, floor, name, unitKind } from "../domain/fields.ts";
import type { UnitView } from "../domain/views.ts";
import { unitCreated } from "../events/unit-events.ts";

const input = z.object({
  buildingId: z.string().optional(),
  code,
  name,
  kind: unitKind,
  floor: floor.default(""),
  grossAreaM2: z.union([z.string(), z.number()]),
  usableAreaM2: z.union([z.string(), z.number()]).optional(),
  listRentMonthlyMinor: amountMinor,
});

/** Creates a vacant unit and announces it (`assets.unit.created`) in the same transaction. */
export async function createUnit(
  deps: AssetsDeps,
  caller: Caller,
  siteId: string,
  request: z.input<typeof input>,
): Promise<UnitView> {
  const data = parseInput(input, request, "unit");
  const areas = checkAreas(data.grossAreaM2, data.usableAreaM2);
  if ("issues" in areas) throw invalid("invalid unit", areas.issues);
  const site = await siteFactsInScope(deps.db, caller, siteId);
  if (data.buildingId) await requireBuildingOfSite(deps.db, siteId, data.buildingId);
  try {
    const unit = await deps.db.$transaction(async (tx) => {
      const row = await tx.unit.create({
        data: {
          id: newId("unt"),
          orgId: caller.orgId,
          siteId,
          buildingId: data.buildingId || null,
          code: data.code,
          name: data.name,
          kind: data.kind,
          floor: data.floor,
          grossAreaM2: formatArea(areas.gross),
          usableAreaM2: formatArea(areas.usable),
          listRentMonthlyMinor: BigInt(data.listRentMonthlyMinor),
          statusChanges: { create: { toStatus: "vacant", reason: "created", actor: caller.actor } },
        },
      });
      const view = unitView(row, site.currency);
      await writeOutbox(tx, unitCreated(caller, view));
      return view;
    });
    deps.outboxWritten();
    return unit;
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw conflict(`unit code ${data.code} already exists in this site`, [
        { field: "code", message: "is taken" },
      ]);
    }
    throw error;
  }
}
