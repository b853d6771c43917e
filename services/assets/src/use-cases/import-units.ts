import { importedObjects, newId, openImportBatch, recordImportedRows, writeOutbox } from "@slms/db";
import { conflict, type FieldIssue, fieldIssues, invalid } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { buildingsWithCodes, insertUnits, unitsWithCodes } from "../db/import-units.ts";
import { findSiteInScope } from "../db/scope.ts";
import type { AssetsDeps } from "../deps.ts";
import { checkAreas, formatArea } from "../domain/area.ts";
import { amountMinor, code, floor, name, unitKind } from "../domain/fields.ts";
import {
  batchId,
  importKinds,
  maxImportRows,
  repeatIssues,
  rowKey,
} from "../domain/import-rows.ts";
import { unitStatuses } from "../domain/unit-status.ts";
import type { UnitView } from "../domain/views.ts";
import { unitCreated } from "../events/unit-events.ts";

/**
 * The status a unit is imported in. Not leased: a unit is leased by its lease's hold
 * (ImportUnitHolds), which a status alone would not make.
 */
const importedStatus = z
  .enum(unitStatuses)
  .refine((status) => status !== "leased", "cannot be leased: the lease's hold leases the unit")
  .default("vacant");

/**
 * A row as CreateUnit takes a unit, with the importer's key, a building named by code and the
 * status the unit is in.
 */
const row = z.object({
  key: rowKey,
  /** Absent: no building. */
  buildingCode: code.optional(),
  /** The name of a building the batch makes for the code; absent: the code. */
  buildingName: name.optional(),
  code,
  name,
  kind: unitKind,
  floor: floor.default(""),
  grossAreaM2: z.union([z.string(), z.number()]),
  usableAreaM2: z.union([z.string(), z.number()]).optional(),
  listRentMonthlyMinor: amountMinor,
  /** Absent: vacant. */
  status: importedStatus,
});

export type ImportUnitRow = z.input<typeof row>;

export interface ImportUnitsRequest {
  batchId: string;
  units: readonly ImportUnitRow[];
}

/** What a row made (or had made when sent before), in the request's order. */
export interface ImportedObject {
  key: string;
  id: string;
}

/**
 * Makes the units of an import batch as CreateUnit makes one — with the `created` status history
 * entry and the `assets.unit.created` event, both in the row's status (vacant, reserved,
 * maintenance or inactive: the one history entry, so a rollback finds no change since) — in one
 * transaction and a few statements whatever the number of rows. Buildings named by code are made
 * when the site has none of that code. The events are held until the batch is released
 * (release-import.ts).
 *
 * Every row is checked first and every bad field named (`units.<i>.<field>`); a code repeated in
 * the call, or already used at the site by another unit, is a conflict naming `units.<i>.code`.
 * Nothing is written then. A row sent again (same batch and key) makes nothing and answers the
 * unit it made.
 */
export async function importUnits(
  deps: AssetsDeps,
  caller: Caller,
  siteId: string,
  request: ImportUnitsRequest,
): Promise<ImportedObject[]> {
  const rows = parseRows(request);
  const site = await findSiteInScope(deps.db, caller, siteId);
  const result = await deps.db.$transaction(
    async (tx) => {
      await openImportBatch(tx, { batchId: request.batchId, orgId: caller.orgId, siteId });
      const made = await importedObjects(
        tx,
        request.batchId,
        importKinds.unit,
        rows.map((r) => r.key),
      );
      const fresh = rows.flatMap((r, index) => (made.has(r.key) ? [] : [{ ...r, index }]));
      const taken = await unitsWithCodes(
        tx,
        siteId,
        fresh.map((r) => r.code),
      );
      const takenIssues = fresh.flatMap((r) => {
        const holder = taken.get(r.code);
        return holder ? [{ field: `units.${r.index}.code`, message: `is taken by ${holder}` }] : [];
      });
      if (takenIssues.length > 0) throw codesTaken(takenIssues);

      const buildingNames = new Map<string, string>();
      for (const r of fresh)
        if (r.buildingCode && !buildingNames.has(r.buildingCode))
          buildingNames.set(r.buildingCode, r.buildingName ?? r.buildingCode);
      const buildings = await buildingsWithCodes(tx, siteId, buildingNames);
      const now = new Date();
      const units: UnitView[] = fresh.map((r) => ({
        id: newId("unt"),
        orgId: caller.orgId,
        siteId,
        buildingId: r.buildingCode ? buildings.ids.get(r.buildingCode)! : null,
        code: r.code,
        name: r.name,
        kind: r.kind,
        floor: r.floor,
        grossAreaM2: formatArea(r.gross),
        usableAreaM2: formatArea(r.usable),
        listRentMonthlyMinor: r.listRentMonthlyMinor,
        currency: site.currency,
        status: r.status,
        statusChangedAt: now,
        createdAt: now,
        updatedAt: now,
      }));
      // A unit of the same code committed since the check above (a concurrent CreateUnit).
      const raced = new Set(await insertUnits(tx, units, caller.actor));
      if (raced.size > 0) {
        throw codesTaken(
          fresh.flatMap((r, i) =>
            raced.has(units[i]!) ? [{ field: `units.${r.index}.code`, message: "is taken" }] : [],
          ),
        );
      }

      const events = units.map((u) => unitCreated(caller, u));
      await writeOutbox(tx, events, { hold: true });
      await recordImportedRows(
        tx,
        request.batchId,
        importKinds.unit,
        fresh.map((r, i) => ({ rowKey: r.key, objectId: units[i]!.id, eventIds: [events[i]!.id] })),
      );
      await recordImportedRows(
        tx,
        request.batchId,
        importKinds.building,
        buildings.made.map((b) => ({ rowKey: b.code, objectId: b.id, eventIds: [] })),
      );
      const ids = new Map(fresh.map((r, i) => [r.key, units[i]!.id]));
      return rows.map((r) => ({ key: r.key, id: made.get(r.key) ?? ids.get(r.key)! }));
    },
    { timeout: 120_000 },
  );
  return result;
}

type ParsedRow = z.output<typeof row> & { gross: number; usable: number };

/** Every row checked as CreateUnit checks a unit; every bad field named, or the rows. */
function parseRows(request: ImportUnitsRequest): ParsedRow[] {
  const head = z
    .object({ batchId, units: z.array(z.unknown()).max(maxImportRows) })
    .safeParse(request);
  if (!head.success) throw invalid("invalid import", fieldIssues(head.error));
  const issues: FieldIssue[] = [];
  const rows: ParsedRow[] = [];
  request.units.forEach((raw, i) => {
    const parsed = row.safeParse(raw);
    const rowIssues = parsed.success ? [] : fieldIssues(parsed.error, `units.${i}.`);
    const areas =
      isAreaValue(raw?.grossAreaM2) &&
      (raw.usableAreaM2 === undefined || isAreaValue(raw.usableAreaM2))
        ? checkAreas(raw.grossAreaM2, raw.usableAreaM2)
        : null;
    if (areas && "issues" in areas) {
      const named = new Set(rowIssues.map((x) => x.field));
      for (const issue of areas.issues) {
        const field = `units.${i}.${issue.field}`;
        if (!named.has(field)) rowIssues.push({ field, message: issue.message });
      }
    }
    issues.push(...rowIssues);
    if (parsed.success && areas && !("issues" in areas)) {
      rows.push({ ...parsed.data, gross: areas.gross, usable: areas.usable });
    }
  });
  if (issues.length > 0) throw invalid("invalid units", issues);
  const keyIssues = repeatIssues(
    "units",
    "key",
    rows.map((r) => r.key),
  );
  if (keyIssues.length > 0) throw invalid("invalid units", keyIssues);
  const codeIssues = repeatIssues(
    "units",
    "code",
    rows.map((r) => r.code),
  );
  if (codeIssues.length > 0) throw conflict("unit codes repeat within the import", codeIssues);
  return rows;
}

const isAreaValue = (value: unknown): value is string | number =>
  typeof value === "string" || typeof value === "number";

const codesTaken = (issues: FieldIssue[]) =>
  conflict(
    `${issues.length === 1 ? "a unit code is" : `${issues.length} unit codes are`} already used at this site`,
    issues,
  );
