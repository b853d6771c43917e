import { type Removal, rememberRemoved } from "@slms/db";
import type { Tx } from "../deps.ts";

// Objects an import's rollback took away: their rows deleted, remembered (`removed_objects`,
// @slms/db removed-objects.ts, under the site's removal lock) so nothing heard of later brings
// one back.

/** The kinds of objects notifications keeps rows of, or queues messages about. */
export type RemovableKind = "customer" | "bill" | "lease";

/**
 * Removes the objects under the site's removal lock, and remembers them: customers' contacts,
 * bills (so the scheduler never reminds of them); the messages still queued about them — a bill's
 * or a lease's, or any to or about a customer — are suppressed (`import_rolled_back`), unless a
 * dispatcher is sending one right now. Only the organisation's own rows are touched. Running it
 * again changes nothing.
 */
export async function removeObjects(tx: Tx, removal: Removal, now: Date): Promise<void> {
  const { orgId, objects } = removal;
  await rememberRemoved(tx, removal);
  const ids = (kind: RemovableKind) => objects[kind] ?? [];
  const at = now.toISOString();
  const suppress = (which: string, values: readonly string[]) =>
    tx.$executeRawUnsafe(
      `UPDATE notifications
          SET status = 'suppressed', reason = 'import_rolled_back', updated_at = $3::timestamptz
        WHERE org_id = $1 AND ${which} AND status = 'queued'
          AND (claimed_until IS NULL OR claimed_until <= $3::timestamptz)`,
      orgId,
      values,
      at,
    );
  if (ids("customer").length > 0) {
    await tx.$executeRawUnsafe(
      `DELETE FROM customer_facts WHERE org_id = $1 AND customer_id = ANY($2::text[])`,
      orgId,
      ids("customer"),
    );
    await suppress("customer_id = ANY($2::text[])", ids("customer"));
  }
  if (ids("bill").length > 0) {
    await tx.$executeRawUnsafe(
      `DELETE FROM bill_facts WHERE org_id = $1 AND bill_id = ANY($2::text[])`,
      orgId,
      ids("bill"),
    );
    await suppress("subject_type = 'bill' AND subject_id = ANY($2::text[])", ids("bill"));
  }
  if (ids("lease").length > 0)
    await suppress("subject_type = 'lease' AND subject_id = ANY($2::text[])", ids("lease"));
}
