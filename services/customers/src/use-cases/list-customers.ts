import { customerKinds } from "@slms/contracts";
import { SETTLE_HORIZON_SQL, type UpdateKeyset, updateKeyset, updateKeysetToken } from "@slms/db";
import { fieldIssues, invalid } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { customerViews } from "../db/rows.ts";
import { requireSiteInScope } from "../db/scope.ts";
import type { CustomersDeps } from "../deps.ts";
import { normalisePhone } from "../domain/contact.ts";
import { customerId, idIssues, partyId } from "../domain/fields.ts";
import { type CustomerKindName, normaliseIdNumber } from "../domain/id-numbers.ts";
import { decodePageToken, encodePageToken, pageSize } from "../domain/paging.ts";
import { text } from "../domain/text.ts";
import type { CustomerView, Page } from "../domain/views.ts";
import { Prisma } from "../generated/prisma/client.ts";

export interface ListCustomersRequest {
  pageSize?: number;
  pageToken?: string;
  /**
   * Matches part of the name (case-insensitively; `%`, `_` and `\` are literal), part of a
   * phone number (3+ digits), or the last characters of the ID number (4+ letters or digits).
   */
  query?: string;
  kind?: CustomerKindName;
  tag?: string;
  /** Only the records of this party (`pty_…`). */
  partyId?: string;
  /**
   * Only these customers (`cus_…`, at most {@link maxListedIds}); ids of no customer in the
   * list's sites are simply not listed. Empty means any customer.
   */
  ids?: readonly string[];
  /**
   * RFC 3339: only customers updated at or after it, by (updated_at, id), settled ones only
   * (@slms/db updateKeyset). Unset: by name.
   */
  updatedSince?: string;
}

/** The most ids one list names (a page's most). */
export const maxListedIds = 500;

const filters = z.object({
  query: text(100).optional(),
  tag: text(50).optional(),
  partyId: partyId.optional(),
  ids: z.array(customerId).max(maxListedIds, `must have at most ${maxListedIds} ids`).optional(),
});

/**
 * A site's customers, filtered or searched (or those of a list of ids: an importer checking the
 * customers its rows name are the site's), ordered by name then id, one page at a time. With
 * no site but a party, that party's records at every site in the caller's scope (how HQ sees one
 * person or company across the organisation); with neither, nothing: the site is not found.
 * With `updatedSince`, those updated since then instead, ordered by (updated_at, id) and older
 * than the settle horizon (deps.syncSettleMs), for a client syncing incrementally.
 */
export async function listCustomers(
  deps: CustomersDeps,
  caller: Caller,
  siteId: string,
  request: ListCustomersRequest,
): Promise<Page<CustomerView>> {
  const parsed = filters.safeParse(request);
  const issues = [...idIssues({ siteId }), ...(parsed.success ? [] : fieldIssues(parsed.error))];
  if (request.kind && !customerKinds.includes(request.kind)) {
    issues.push({ field: "kind", message: `must be one of ${customerKinds.join(", ")}` });
  }
  if (issues.length > 0) throw invalid("invalid customer filter", issues);
  if (siteId || !request.partyId) requireSiteInScope(caller, siteId);
  const sites: Sites = siteId ? [siteId] : caller.siteIds;
  const updated = updateKeyset(request, deps.syncSettleMs);
  const size = pageSize(request.pageSize);
  const after = updated ? undefined : decodePageToken(request.pageToken);
  const query = request.query?.trim();

  const conditions = [Prisma.sql`org_id = ${caller.orgId}`];
  if (sites !== "all") conditions.push(Prisma.sql`site_id = ANY(${sites})`);
  if (request.partyId) conditions.push(Prisma.sql`party_id = ${request.partyId}`);
  if (request.ids?.length) conditions.push(Prisma.sql`id = ANY(${[...request.ids]})`);
  if (request.kind) conditions.push(Prisma.sql`kind = CAST(${request.kind} AS "CustomerKind")`);
  if (request.tag) conditions.push(Prisma.sql`${request.tag} = ANY(tags)`);
  if (after) conditions.push(Prisma.sql`(name, id) > (${after.name}, ${after.id})`);
  if (query) conditions.push(await searchCondition(deps, caller.orgId, sites, query));
  if (updated) conditions.push(...updatedConditions(updated));

  // Raw SQL for the page of ids only (Prisma cannot match inside array elements); the rows
  // themselves are read through the client.
  const page = await deps.db.$queryRaw<{ id: string }[]>`
    SELECT id FROM customers
    WHERE ${Prisma.join(conditions, " AND ")}
    ORDER BY ${updated ? Prisma.sql`updated_at, id` : Prisma.sql`name, id`}
    LIMIT ${size + 1}`;
  const ids = page.slice(0, size).map((r) => r.id);
  const rows = await deps.db.customer.findMany({ where: { id: { in: ids } } });
  const byId = new Map(rows.map((row) => [row.id, row]));
  const items = ids.flatMap((id) => byId.get(id) ?? []).map(customerViews(deps, caller));
  const last = items.at(-1);
  if (!(page.length > size && last)) return { items, nextPageToken: null };
  return { items, nextPageToken: updated ? updateKeysetToken(last) : encodePageToken(last) };
}

/**
 * By update time: at or after `since`, stamped before the settle horizon (@slms/db
 * updateKeyset), after the previous page's last (updated_at, id). Served by (site_id,
 * updated_at, id).
 */
function updatedConditions(keyset: UpdateKeyset): Prisma.Sql[] {
  const conditions = [
    Prisma.sql`updated_at >= ${keyset.since}`,
    Prisma.sql`updated_at < ${Prisma.raw(SETTLE_HORIZON_SQL)} - ${keyset.settleMs}::int * interval '1 millisecond'`,
  ];
  if (keyset.after) {
    conditions.push(Prisma.sql`(updated_at, id) > (${keyset.after.updatedAt}, ${keyset.after.id})`);
  }
  return conditions;
}

/** The sites a list covers: the request's one, or every site in the caller's scope. */
type Sites = Caller["siteIds"];

async function searchCondition(
  deps: CustomersDeps,
  orgId: string,
  sites: Sites,
  query: string,
): Promise<Prisma.Sql> {
  const alternatives = [Prisma.sql`name ILIKE ${`%${escapeLike(query)}%`}`];
  const digits = normalisePhone(query);
  if (/^\+?\d{3,}$/.test(digits)) {
    alternatives.push(Prisma.sql`array_to_string(phones, ' ') LIKE ${`%${digits}%`}`);
  }
  const suffix = normaliseIdNumber(query);
  if (/^[A-Z0-9]{4,20}$/.test(suffix)) {
    const ids = await idNumberSuffixMatches(deps, orgId, sites, suffix);
    if (ids.length > 0) alternatives.push(Prisma.sql`id = ANY(${ids})`);
  }
  return Prisma.sql`(${Prisma.join(alternatives, " OR ")})`;
}

/**
 * Customers of the sites whose ID number ends with `suffix`. The last 4 characters are stored in
 * clear and indexed; the candidates they select are decrypted to compare the whole suffix.
 */
async function idNumberSuffixMatches(
  deps: CustomersDeps,
  orgId: string,
  sites: Sites,
  suffix: string,
): Promise<string[]> {
  const candidates = await deps.db.customer.findMany({
    where: {
      orgId,
      ...(sites === "all" ? {} : { siteId: { in: [...sites] } }),
      idNumberLast4: suffix.slice(-4),
    },
    select: { id: true, idNumberCiphertext: true },
  });
  if (suffix.length <= 4) return candidates.map((c) => c.id);
  return candidates
    .filter((c) => deps.idProtection.decrypt(c.idNumberCiphertext, c.id).endsWith(suffix))
    .map((c) => c.id);
}

/** `%`, `_` and `\` match themselves in a LIKE pattern (`\` is PostgreSQL's default escape). */
function escapeLike(value: string): string {
  return value.replaceAll(/[\\%_]/g, (c) => `\\${c}`);
}
