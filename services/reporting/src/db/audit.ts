import type { EventEnvelope } from "@slms/contracts";
import type { Tx } from "../deps.ts";
import {
  auditObjectOf,
  HIDDEN_FIELDS,
  importRollbackChanges,
  isImportRollback,
  traceIdOf,
} from "../domain/audit.ts";

/**
 * One statement: the event's audit entry and what the trail now knows of the object. The
 * entry's changes are the event's own (`changes: [{ field, from, to }]`, as assets' edits state
 * them, $11) or else the fields of the event that differ from what was known of the object
 * (`before` absent for a new object; `null` for a field not known before), sorted by field;
 * hidden fields are left out before (neither shown nor kept). An event older than the newest
 * applied to the object (heard of late) is compared with nothing and does not change what is
 * known.
 */
const RECORD = `
  WITH known AS (
    SELECT state, as_of FROM audit_objects WHERE object_type = $4 AND object_id = $5 FOR UPDATE),
  base AS (
    SELECT (SELECT state FROM known WHERE as_of <= $8::timestamptz) AS state,
           EXISTS (SELECT 1 FROM known WHERE as_of > $8::timestamptz) AS late),
  diff AS (
    SELECT coalesce(jsonb_agg(
             CASE WHEN b.state IS NULL THEN jsonb_build_object('field', d.key, 'after', d.value)
                  ELSE jsonb_build_object('field', d.key, 'before',
                                          coalesce(b.state -> d.key, 'null'::jsonb), 'after', d.value)
             END ORDER BY d.key COLLATE "C"), '[]'::jsonb) AS changes
      FROM base b CROSS JOIN LATERAL jsonb_each($10::jsonb) d
     WHERE b.state IS NULL OR (b.state -> d.key) IS DISTINCT FROM d.value),
  entry AS (
    INSERT INTO audit_entries (event_id, org_id, site_id, object_type, object_id, action, actor,
                               occurred_at, trace_id, changes)
    SELECT $1, $2, $3, $4, $5, $6, $7, $8::timestamptz, $9, coalesce($11::jsonb, diff.changes)
      FROM diff
    ON CONFLICT (event_id) DO NOTHING)
  INSERT INTO audit_objects (object_type, object_id, state, as_of)
  SELECT $4, $5, $10::jsonb, $8::timestamptz FROM base WHERE NOT base.late
  ON CONFLICT (object_type, object_id) DO UPDATE
    SET state = audit_objects.state || EXCLUDED.state, as_of = EXCLUDED.as_of`;

/**
 * The event's audit entry: the object it is about, who and when, the trace, what changed. An
 * import's rollback is an entry of the import (the batch), stating what it removed in counts
 * (domain/audit.ts); nothing of its ids is kept.
 */
export async function recordAudit(tx: Tx, event: EventEnvelope): Promise<void> {
  const data = (event.data ?? {}) as Record<string, unknown>;
  const object = auditObjectOf(event.type, data);
  if (!object) return;
  const rollback = isImportRollback(event.type);
  const { changes: stated, ...rest } = data;
  // Hidden fields are neither shown nor kept.
  const fields = rollback
    ? {}
    : Object.fromEntries(Object.entries(rest).filter(([field]) => !HIDDEN_FIELDS.includes(field)));
  const statedChanges = rollback
    ? importRollbackChanges(data)
    : isStated(stated)
      ? stated.map((c) => ({ field: c.field, before: c.from, after: c.to }))
      : null;
  await tx.$executeRawUnsafe(
    RECORD,
    ...[event.id, event.orgId, event.siteId ?? null, object.type, object.id, event.type],
    ...[event.actor, event.occurredAt, traceIdOf(event.traceparent), JSON.stringify(fields)],
    statedChanges === null ? null : JSON.stringify(statedChanges),
  );
}

const isStated = (value: unknown): value is { field: string; from: unknown; to: unknown }[] =>
  Array.isArray(value) &&
  value.every((c) => typeof c === "object" && c !== null && typeof c.field === "string");
