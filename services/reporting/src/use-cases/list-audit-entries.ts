import { pageTokens } from "@slms/db";
import { parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { reportScope } from "../db/scope.ts";
import type { ReportingDeps } from "../deps.ts";
import type { FieldChange } from "../domain/audit.ts";
import { dateRange } from "../domain/ranges.ts";

const name = z
  .string()
  .max(100)
  .regex(/^[\w:.-]*$/, "must be letters, digits, _ : . or -");
const input = dateRange(366, {
  objectType: name.optional(),
  objectId: name.optional(),
  actor: name.optional(),
  pageSize: z.number().int().min(0).max(500, "must be at most 500").optional(),
  pageToken: z.string().max(500).optional(),
});

const tokens = pageTokens({ t: "text", e: "text" });

export interface AuditEntryView {
  eventId: string;
  siteId: string | null;
  objectType: string;
  objectId: string;
  action: string;
  actor: string;
  occurredAt: Date;
  traceId: string | null;
  changes: FieldChange[];
}

interface Row {
  event_id: string;
  site_id: string | null;
  object_type: string;
  object_id: string;
  action: string;
  actor: string;
  occurred_at: Date;
  at_text: string;
  trace_id: string | null;
  changes: FieldChange[];
}

/**
 * The audit trail: who changed what and when, newest first, a page at a time — for one site or
 * every site in scope (entries of no site only for organisation-wide callers), narrowed to an
 * object (type, id), a user, and the days from `fromDate` to `toDate` in each site's time zone
 * (at most 366).
 */
export async function listAuditEntries(
  deps: ReportingDeps,
  caller: Caller,
  siteId: string | undefined,
  request: z.input<typeof input>,
): Promise<{ entries: AuditEntryView[]; nextPageToken: string | null }> {
  const data = parseInput(input, request, "request");
  const size = data.pageSize || 100;
  const after = tokens.decode(data.pageToken);
  const scope = await reportScope(deps.db, caller, siteId);
  const rows = await deps.db.$queryRawUnsafe<Row[]>(
    `SELECT a.event_id, a.site_id, a.object_type, a.object_id, a.action, a.actor, a.occurred_at,
            to_char(a.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at_text,
            a.trace_id, a.changes
       FROM audit_entries a LEFT JOIN site_facts s ON s.site_id = a.site_id
      WHERE a.org_id = $1 AND ($2::text[] IS NULL OR a.site_id = ANY ($2::text[]))
        AND ($3::text IS NULL OR a.object_type = $3)
        AND ($4::text IS NULL OR a.object_id = $4)
        AND ($5::text IS NULL OR a.actor = $5)
        AND a.occurred_at >= ($6::date - 1)::timestamp AT TIME ZONE 'UTC'
        AND a.occurred_at < ($7::date + 2)::timestamp AT TIME ZONE 'UTC'
        AND (a.occurred_at AT TIME ZONE coalesce(s.time_zone, 'UTC'))::date BETWEEN $6::date AND $7::date
        AND ($8::text IS NULL OR (a.occurred_at, a.event_id) < ($8::timestamptz, $9::text))
      ORDER BY a.occurred_at DESC, a.event_id DESC
      LIMIT $10`,
    scope.orgId,
    scope.siteIds,
    data.objectType ?? null,
    data.objectId ?? null,
    data.actor ?? null,
    data.fromDate,
    data.toDate,
    after?.t ?? null,
    after?.e ?? null,
    size + 1,
  );
  const page = rows.slice(0, size);
  const last = rows.length > size ? page.at(-1) : undefined;
  return {
    entries: page.map((row) => ({
      eventId: row.event_id,
      siteId: row.site_id,
      objectType: row.object_type,
      objectId: row.object_id,
      action: row.action,
      actor: row.actor,
      occurredAt: row.occurred_at,
      traceId: row.trace_id,
      changes: row.changes,
    })),
    // The instant to the microsecond as text: the cursor compares exactly what is stored.
    nextPageToken: last ? tokens.encode({ t: last.at_text, e: last.event_id }) : null,
  };
}
