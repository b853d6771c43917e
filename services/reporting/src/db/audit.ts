import type { EventEnvelope } from "@slms/contracts";
import type { Tx } from "../deps.ts";
import { auditObjectOf, fieldChanges, traceIdOf } from "../domain/audit.ts";

/**
 * The event's audit entry: the object it is about, who and when, the trace, and what changed
 * compared with what was known of the object. An event older than the newest one applied to
 * the object (heard of late) shows its fields as they were sent, and does not change what is
 * known.
 */
export async function recordAudit(tx: Tx, event: EventEnvelope): Promise<void> {
  const data = (event.data ?? {}) as Record<string, unknown>;
  const object = auditObjectOf(event.type, data);
  if (!object) return;
  const [known] = await tx.$queryRawUnsafe<{ state: Record<string, unknown>; as_of: Date }[]>(
    `SELECT state, as_of FROM audit_objects WHERE object_type = $1 AND object_id = $2 FOR UPDATE`,
    object.type,
    object.id,
  );
  const occurredAt = new Date(event.occurredAt);
  const late = known !== undefined && known.as_of > occurredAt;
  // An event that states its own changes (`changes: [{ field, from, to }]`, as assets' updates
  // do) is taken at its word; otherwise the fields are compared with what was known.
  const { changes: stated, ...fields } = data;
  const changes = isStated(stated)
    ? stated.map((c) => ({ field: c.field, before: c.from, after: c.to }))
    : fieldChanges(late ? null : (known?.state ?? null), fields);
  await tx.$executeRawUnsafe(
    `INSERT INTO audit_entries (event_id, org_id, site_id, object_type, object_id, action, actor,
                                occurred_at, trace_id, changes)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::timestamptz, $9, $10::jsonb)
     ON CONFLICT (event_id) DO NOTHING`,
    ...[event.id, event.orgId, event.siteId ?? null, object.type, object.id, event.type],
    ...[event.actor, event.occurredAt, traceIdOf(event.traceparent), JSON.stringify(changes)],
  );
  if (late) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO audit_objects (object_type, object_id, state, as_of)
     VALUES ($1, $2, $3::jsonb, $4::timestamptz)
     ON CONFLICT (object_type, object_id) DO UPDATE
       SET state = audit_objects.state || EXCLUDED.state, as_of = EXCLUDED.as_of`,
    object.type,
    object.id,
    JSON.stringify(fields),
    event.occurredAt,
  );
}

const isStated = (value: unknown): value is { field: string; from: unknown; to: unknown }[] =>
  Array.isArray(value) &&
  value.every((c) => typeof c === "object" && c !== null && typeof c.field === "string");
