import { newId } from "@slms/db";
import type { Tx } from "../deps.ts";
import type { UnitView } from "../domain/views.ts";

// Set-based writes of ImportUnits: one statement per table whatever the number of rows, the rows
// passed as one jsonb parameter (jsonb_to_recordset).

/** The site's units holding these codes (code → unit id). */
export async function unitsWithCodes(
  tx: Tx,
  siteId: string,
  codes: readonly string[],
): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await tx.$queryRawUnsafe<{ code: string; id: string }[]>(
    `SELECT code, id FROM units WHERE site_id = $1 AND code = ANY($2::text[])`,
    siteId,
    codes,
  );
  return new Map(rows.map((r) => [r.code, r.id]));
}

/**
 * The site's buildings of these codes (code → building id), making those the site has none of
 * (with the name given, else their code; 0 floors, as CreateBuilding makes them). Answers which it made, for the
 * batch to remove them on discard; a building made meanwhile by someone else is used, not made.
 */
export async function buildingsWithCodes(
  tx: Tx,
  siteId: string,
  /** Code → the name of the building if it has to be made. */
  wanted: ReadonlyMap<string, string>,
): Promise<{ ids: Map<string, string>; made: { code: string; id: string }[] }> {
  const codes = [...wanted.keys()];
  if (codes.length === 0) return { ids: new Map(), made: [] };
  const existing = await tx.$queryRawUnsafe<{ code: string; id: string }[]>(
    `SELECT code, id FROM buildings WHERE site_id = $1 AND code = ANY($2::text[])`,
    siteId,
    codes,
  );
  const ids = new Map(existing.map((b) => [b.code, b.id]));
  const missing = codes
    .filter((c) => !ids.has(c))
    .map((code) => ({ code, name: wanted.get(code) ?? code, id: newId("bld") }));
  if (missing.length === 0) return { ids, made: [] };
  const made = await tx.$queryRawUnsafe<{ code: string; id: string }[]>(
    `INSERT INTO buildings (id, site_id, code, name, floors)
     SELECT b.id, $1, b.code, b.name, 0
       FROM jsonb_to_recordset($2::jsonb) AS b(id text, code text, name text)
     ON CONFLICT (site_id, code) DO NOTHING
     RETURNING code, id`,
    siteId,
    JSON.stringify(missing),
  );
  for (const b of made) ids.set(b.code, b.id);
  if (made.length < missing.length) {
    for (const b of await tx.$queryRawUnsafe<{ code: string; id: string }[]>(
      `SELECT code, id FROM buildings WHERE site_id = $1 AND code = ANY($2::text[])`,
      siteId,
      missing.filter((m) => !ids.has(m.code)).map((m) => m.code),
    ))
      ids.set(b.code, b.id);
  }
  return { ids, made };
}

/**
 * Inserts units in their statuses with their first status history entry (`created`, as
 * CreateUnit writes it, to the unit's status). A code taken meanwhile (a concurrent CreateUnit)
 * inserts neither for that unit: answers the units not inserted, for the caller to name them
 * (and roll back).
 */
export async function insertUnits(
  tx: Tx,
  units: readonly UnitView[],
  actor: string,
): Promise<UnitView[]> {
  if (units.length === 0) return [];
  const at = units[0]!.createdAt.toISOString();
  const inserted = await tx.$executeRawUnsafe(
    `INSERT INTO units (id, org_id, site_id, building_id, code, name, kind, floor, gross_area_m2,
                        usable_area_m2, list_rent_monthly_minor, status, status_changed_at,
                        created_at, updated_at)
     SELECT u.id, u.org_id, u.site_id, u.building_id, u.code, u.name, u.kind::"UnitKind", u.floor,
            u.gross::numeric(12, 2), u.usable::numeric(12, 2), u.rent::bigint,
            u.status::"UnitStatus", $1::timestamptz, $1::timestamptz, $1::timestamptz
       FROM jsonb_to_recordset($2::jsonb)
         AS u(id text, org_id text, site_id text, building_id text, code text, name text,
              kind text, floor text, gross text, usable text, rent text, status text)
     ON CONFLICT (site_id, code) DO NOTHING`,
    at,
    JSON.stringify(
      units.map((u) => ({
        id: u.id,
        org_id: u.orgId,
        site_id: u.siteId,
        building_id: u.buildingId,
        code: u.code,
        name: u.name,
        kind: u.kind,
        floor: u.floor,
        gross: u.grossAreaM2,
        usable: u.usableAreaM2,
        rent: String(u.listRentMonthlyMinor),
        status: u.status,
      })),
    ),
  );
  const ids = units.map((u) => u.id);
  if (inserted < units.length) {
    const found = await tx.$queryRawUnsafe<{ id: string }[]>(
      `SELECT id FROM units WHERE id = ANY($1::text[])`,
      ids,
    );
    const present = new Set(found.map((r) => r.id));
    return units.filter((u) => !present.has(u.id));
  }
  await tx.$executeRawUnsafe(
    `INSERT INTO unit_status_changes (unit_id, from_status, to_status, reason, actor, changed_at)
     SELECT u.id, NULL, u.status::"UnitStatus", 'created', $2, $3::timestamptz
       FROM jsonb_to_recordset($1::jsonb) AS u(id text, status text)`,
    JSON.stringify(units.map((u) => ({ id: u.id, status: u.status }))),
    actor,
    at,
  );
  return [];
}
