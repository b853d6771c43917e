// What an event says about the object it changed, for the audit trail: which object, and which
// of its fields moved from what to what.

export interface AuditObject {
  /** `site`, `unit`, `customer`, `lease`, `bill`, `payment`, `deposit`, … */
  type: string;
  id: string;
}

export interface FieldChange {
  field: string;
  /** Absent (undefined) when the object was not known before. */
  before?: unknown;
  after: unknown;
}

/** Fields no audit entry shows: ID document numbers never leave the customers service in clear. */
const HIDDEN = new Set(["idNumber", "idDocumentNumber", "passwordHash", "secret"]);

/**
 * The object an event is about: its type is the event type's aggregate (`payments.deposit.applied`
 * → `deposit`), its id the `<aggregate>Id` field of the data — a deposit's is its lease's, the
 * ledger being one per lease. Null for an event that names no object.
 */
export function auditObjectOf(
  eventType: string,
  data: Record<string, unknown>,
): AuditObject | null {
  const type = eventType.split(".")[1];
  if (!type) return null;
  const id = type === "deposit" ? data.leaseId : data[`${type}Id`];
  return typeof id === "string" && id !== "" ? { type, id } : null;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The fields of `data` that differ from what was known of the object (`before`, null when it
 * was not known): each with its value before and after. Fields the event does not carry are
 * not changes; hidden fields never appear.
 */
export function fieldChanges(
  before: Record<string, unknown> | null,
  data: Record<string, unknown>,
): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const [field, after] of Object.entries(data)) {
    if (HIDDEN.has(field)) continue;
    if (before === null) changes.push({ field, after });
    else if (!same(before[field], after))
      changes.push({ field, before: before[field] ?? null, after });
  }
  return changes.sort((a, b) => (a.field < b.field ? -1 : 1));
}

/** The trace id of a W3C traceparent (`00-<trace id>-<span id>-<flags>`), or null. */
export function traceIdOf(traceparent: string | null | undefined): string | null {
  const match = traceparent?.match(/^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/);
  return match ? match[1]! : null;
}
