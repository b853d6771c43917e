import type { EventEnvelope } from "@slms/contracts";
import { mappingInForce } from "../db/account-mappings.ts";
import { appendFeedItem } from "../db/feed.ts";
import type { FinanceDeps } from "../deps.ts";
import { feedItemOf } from "../domain/feed-item.ts";
import { journalOf } from "../domain/journal.ts";
import { Prisma } from "../generated/prisma/client.ts";

/**
 * What recording an event did: `duplicate` also for an event of a rolled-back go-live import
 * that arrives after the rollback (use-cases/reverse-rolled-back-import.ts).
 */
export type RecordChangeResult = "appended" | "duplicate" | "ignored";

/**
 * Appends the change an event announces (a bill issued or its balance changed, a payment
 * recorded or reversed, a deposit entry) to its organisation's feed, at the next position, once:
 * the feed's unique event id is the consumer's inbox, so a redelivered event is a `duplicate`
 * and changes nothing. An event of another type is `ignored`; a payload that does not match its
 * schema is `invalid` (the bus dead-letters it). The organisation is the envelope's `orgId`.
 * The change is kept with its journal entry in the organisation's account mapping in force now
 * (a later change of the mapping does not touch it: a cursor read again gives the same entry).
 */
export async function recordChange(
  deps: FinanceDeps,
  event: EventEnvelope,
): Promise<RecordChangeResult> {
  const item = feedItemOf(event);
  if (!item) return "ignored";
  const appended = await deps.db.$transaction(
    async (tx) => {
      const { mapping } = await mappingInForce(tx, item.orgId);
      return appendFeedItem(tx, item, journalOf(item, mapping));
    },
    {
      // The append reads the highest position after taking the lock: it needs a fresh snapshot
      // per statement (db/feed.ts).
      isolationLevel: Prisma.TransactionIsolationLevel.ReadCommitted,
      // Appends of one organisation queue on its lock; a busy moment must not fail them.
      maxWait: 10_000,
      timeout: 10_000,
    },
  );
  return appended ? "appended" : "duplicate";
}
