import { runOnce } from "@slms/db";
import { isLeaseRemoved } from "../db/removed-leases.ts";
import type { BillingDeps, Tx } from "../deps.ts";
import { settlePrepayments } from "./settle-prepayments.ts";

/** The inbox (and queue) name under which billing applies `contracts.lease.*` events once. */
export const leaseInbox = "billing.leases";

/** A lease event as the apply-lease-* use cases take it: its data parsed by the consumer. */
export interface LeaseEvent<T> {
  id: string;
  type: string;
  orgId: string;
  data: T;
}

/**
 * The frame every apply-lease-* use case shares: the effects commit in one transaction with the
 * event's inbox row, so a redelivered event changes nothing; then the customer's prepayment
 * settles what the event opened (a penalty, an adjustment bill) or freed (a credit note on a paid
 * bill), and the outbox relay is woken. An event of a lease an import's rollback took back
 * (db/removed-leases.ts) — the activation may still be on its way when the rollback runs — is
 * taken as handled and changes nothing. Answers false for an event already applied or skipped.
 */
export async function applyLeaseEventOnce(
  deps: BillingDeps,
  event: LeaseEvent<{ leaseId: string; siteId: string; customerId: string }>,
  apply: (tx: Tx, actor: string) => Promise<void>,
): Promise<boolean> {
  const actor = `system:billing (${event.type})`;
  const result = await runOnce(deps.db, leaseInbox, event.id, async (tx) => {
    if (await isLeaseRemoved(tx, event.data.siteId, event.data.leaseId)) return false;
    await apply(tx, actor);
    return true;
  });
  if (result.duplicate || !result.value) return false;
  await settlePrepayments(deps, actor, { customerId: event.data.customerId });
  deps.outboxWritten();
  return true;
}
