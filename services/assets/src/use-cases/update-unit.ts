import { writeOutbox } from "@slms/db";
import { invalid, notFound, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { requireBuildingOfSite } from "../db/building.ts";
import { unitView } from "../db/rows.ts";
import { siteFactsInScope } from "../db/scope.ts";
import type { AssetsDeps } from "../deps.ts";
import { checkAreas, formatArea } from "../domain/area.ts";
import { amountMinor, floor, name, unitKind } from "../domain/fields.ts";
import type { UnitView } from "../domain/views.ts";
import { unitUpdated } from "../events/unit-events.ts";

// Code, site and status are deliberately absent: a code is an identity on site, status has
// its own audited operation.
const input = z.object({
  name: name.optional(),
  kind: unitKind.optional(),
  floor: floor.optional(),
  grossAreaM2: z.union([z.string(), z.number()]).optional(),
  usableAreaM2: z.union([z.string(), z.number()]).optional(),
  listRentMonthlyMinor: amountMinor.optional(),
  /** Empty string or null moves the unit out of any building. */
  buildingId: z.string().nullable().optional(),
});

/**
 * Changes the given descriptive fields of a unit; absent fields stay as they are. A change is
 * announced (`assets.unit.updated`, each field before → after) in the same transaction.
 */
export async function updateUnit(
  deps: AssetsDeps,
  caller: Caller,
  siteId: string,
  unitId: string,
  request: z.input<typeof input>,
): Promise<UnitView> {
  const data = parseInput(input, request, "unit");
  const site = await siteFactsInScope(deps.db, caller, siteId);
  const unit = await deps.db.$transaction(async (tx) => {
    // Locked, so the "before" of two concurrent edits is each the other's "after".
    await tx.$queryRawUnsafe("SELECT id FROM units WHERE id = $1 FOR UPDATE", unitId);
    const current = await tx.unit.findFirst({ where: { id: unitId, siteId } });
    if (!current) throw notFound("unit");
    const areas = checkAreas(
      data.grossAreaM2 ?? current.grossAreaM2.toFixed(2),
      data.usableAreaM2 ??
        (data.grossAreaM2 === undefined ? current.usableAreaM2.toFixed(2) : undefined),
    );
    if ("issues" in areas) throw invalid("invalid unit", areas.issues);
    if (data.buildingId) await requireBuildingOfSite(tx, siteId, data.buildingId);
    const row = await tx.unit.update({
      where: { id: unitId },
      data: {
        name: data.name,
        kind: data.kind,
        floor: data.floor,
        grossAreaM2: formatArea(areas.gross),
        usableAreaM2: formatArea(areas.usable),
        listRentMonthlyMinor:
          data.listRentMonthlyMinor === undefined ? undefined : BigInt(data.listRentMonthlyMinor),
        buildingId: data.buildingId === undefined ? undefined : data.buildingId || null,
      },
    });
    const after = unitView(row, site.currency);
    const event = unitUpdated(caller, unitView(current, site.currency), after);
    if (event) await writeOutbox(tx, [event]);
    return after;
  });
  deps.outboxWritten();
  return unit;
}
