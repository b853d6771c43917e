import type { UnitKindName, UnitStatusName } from "@slms/contracts";
import { likeLiteral, SETTLE_HORIZON_SQL, type UpdateKeyset } from "@slms/db";
import type { AssetsDeps } from "../deps.ts";
import type { UnitView } from "../domain/views.ts";

export interface UnitPageQuery {
  siteId: string;
  /** Rows to read (the page size plus one, to know whether another page follows). */
  limit: number;
  /** Only units whose code sorts after this one (keyset paging by code). */
  afterCode?: string;
  /** By update time instead of by code (see @slms/db updateKeyset). */
  updated?: UpdateKeyset;
  kind?: UnitKindName;
  status?: UnitStatusName;
  buildingId?: string;
  /** Matches the start of the code or anywhere in the name, case-insensitively. */
  query?: string;
  /** Only these units. */
  ids?: readonly string[];
}

interface UnitRow {
  id: string;
  org_id: string;
  site_id: string;
  building_id: string | null;
  code: string;
  name: string;
  kind: UnitKindName;
  floor: string;
  gross_area_m2: string;
  usable_area_m2: string;
  list_rent_monthly_minor: string;
  status: UnitStatusName;
  status_changed_at: Date;
  created_at: Date;
  updated_at: Date;
}

/**
 * A site's units ordered by code, read with plain SQL on the service's pool: listing units is
 * the busiest read of the platform (bench/gateway), and Prisma's query planning and result
 * mapping cost more CPU than the query. The statement is unnamed: a named one would be prepared
 * once per connection, but the embedded platform's connections share one PGlite session, where
 * a second connection preparing the same name fails.
 */
export async function readUnitPage(
  pool: AssetsDeps["pool"],
  currency: string,
  page: UnitPageQuery,
): Promise<UnitView[]> {
  const values: unknown[] = [page.siteId];
  const conditions = ["site_id = $1"];
  const where = (condition: (param: string) => string, value: unknown) => {
    values.push(value);
    conditions.push(condition(`$${values.length}`));
  };
  if (page.kind) where((p) => `kind = ${p}`, page.kind);
  if (page.status) where((p) => `status = ${p}`, page.status);
  if (page.buildingId) where((p) => `building_id = ${p}`, page.buildingId);
  if (page.ids) where((p) => `id = ANY(${p}::text[])`, page.ids);
  if (page.afterCode !== undefined) where((p) => `code > ${p}`, page.afterCode);
  if (page.updated) {
    const param = (value: unknown) => {
      values.push(value);
      return `$${values.length}`;
    };
    conditions.push(...updatedConditions(page.updated, param));
  }
  if (page.query) {
    // Case-insensitive like Prisma's `mode: "insensitive"`; % and _ in the query are literal.
    where(
      (p) => `(code ILIKE ${p} || '%' OR name ILIKE '%' || ${p} || '%')`,
      likeLiteral(page.query),
    );
  }
  values.push(page.limit);
  const text = `SELECT id, org_id, site_id, building_id, code, name, kind::text, floor,
      gross_area_m2::text, usable_area_m2::text, list_rent_monthly_minor::text, status::text,
      status_changed_at, created_at, updated_at
    FROM units WHERE ${conditions.join(" AND ")}
    ORDER BY ${page.updated ? "updated_at, id" : "code"} LIMIT $${values.length}`;
  const { rows } = await pool.query<UnitRow>({ text, values });
  return rows.map((row) => ({
    id: row.id,
    orgId: row.org_id,
    siteId: row.site_id,
    buildingId: row.building_id,
    code: row.code,
    name: row.name,
    kind: row.kind,
    floor: row.floor,
    grossAreaM2: row.gross_area_m2,
    usableAreaM2: row.usable_area_m2,
    listRentMonthlyMinor: safeMinor(row.list_rent_monthly_minor),
    currency,
    status: row.status,
    statusChangedAt: row.status_changed_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));
}

/**
 * The by-update-time conditions: at or after `since`, stamped before the settle horizon
 * (@slms/db updateKeyset), after the previous page's last (updated_at, id). Served by
 * (site_id, updated_at, id).
 * `param` adds a value to the statement and answers its placeholder.
 */
export function updatedConditions(
  keyset: UpdateKeyset,
  param: (value: unknown) => string,
): string[] {
  const conditions = [
    `updated_at >= ${param(keyset.since.toISOString())}::timestamptz`,
    `updated_at < ${SETTLE_HORIZON_SQL} - ${param(keyset.settleMs)}::int * interval '1 millisecond'`,
  ];
  const after = keyset.after;
  if (after) {
    conditions.push(
      `(updated_at, id) > (${param(after.updatedAt.toISOString())}::timestamptz, ${param(after.id)})`,
    );
  }
  return conditions;
}

function safeMinor(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value))
    throw new Error(`amount ${text} exceeds the safe integer range`);
  return value;
}
