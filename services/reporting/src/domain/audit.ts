// What an event says about the object it changed, for the audit trail: which object, and from
// which trace. Which fields moved is computed in SQL against what the trail knew (db/audit.ts).

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
export const HIDDEN_FIELDS: readonly string[] = [
  "idNumber",
  "idDocumentNumber",
  "passwordHash",
  "secret",
];

/**
 * The object an event is about: its type is the event type's aggregate (`payments.deposit.applied`
 * → `deposit`), its id the `<aggregate>Id` field of the data (`fee_item` → `feeItemId`) — a
 * deposit's is its lease's, the ledger being one per lease; an import's is its `importId` or, for
 * a service's rollback of it (`<service>.import.rolled_back`), its `batchId` (the same id). Null
 * for an event that names no object.
 */
export function auditObjectOf(
  eventType: string,
  data: Record<string, unknown>,
): AuditObject | null {
  const type = eventType.split(".")[1];
  if (!type) return null;
  const camel = type.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
  const id =
    type === "deposit"
      ? data.leaseId
      : type === "import"
        ? (data.importId ?? data.batchId)
        : data[`${camel}Id`];
  return typeof id === "string" && id !== "" ? { type, id } : null;
}

/** The trace id of a W3C traceparent (`00-<trace id>-<span id>-<flags>`), or null. */
export function traceIdOf(traceparent: string | null | undefined): string | null {
  const match = traceparent?.match(/^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/);
  return match ? match[1]! : null;
}

/** Whether the event is a service's rollback of an import (`<service>.import.rolled_back`). */
export const isImportRollback = (eventType: string) => eventType.endsWith(".import.rolled_back");

/**
 * What a part of an import's rollback shows in the trail — not its thousands of ids: how many
 * objects of each kind it removed (`removed.unit`), how many of the batch's events it takes as
 * handled (`ignoredEvents`), and which part it is when there are several (`part`: "2/3").
 */
export function importRollbackChanges(data: Record<string, unknown>): FieldChange[] {
  const objects = (data.objects ?? {}) as Record<string, unknown>;
  const changes: FieldChange[] = Object.keys(objects)
    .sort()
    .flatMap((kind) => {
      const ids = objects[kind];
      return Array.isArray(ids) && ids.length > 0
        ? [{ field: `removed.${kind}`, after: ids.length }]
        : [];
    });
  if (Array.isArray(data.eventIds) && data.eventIds.length > 0)
    changes.push({ field: "ignoredEvents", after: data.eventIds.length });
  if (typeof data.parts === "number" && data.parts > 1)
    changes.push({ field: "part", after: `${data.part}/${data.parts}` });
  return changes;
}
