import { type EventEnvelope, EventTypes, importRolledBackV1 } from "@slms/contracts";
import { parseInput } from "@slms/errors";
import { appendFeedItem, lockFeed } from "../db/feed.ts";
import type { FinanceDeps } from "../deps.ts";
import { rolledBackItemOf } from "../domain/feed-item.ts";
import { type JournalLine, reversalOf } from "../domain/journal.ts";
import { Prisma } from "../generated/prisma/client.ts";

/** The rollbacks of go-live imports that can take money changes back: billing's and payments'. */
export const rollbackEventTypes = [
  EventTypes.BalancesImportRolledBack,
  EventTypes.DepositsImportRolledBack,
] as const;

/** What taking back a rolled-back import's part did. */
export interface ReverseResult {
  /** Items appended, each taking back one item of the import. */
  reversed: number;
  /** Events of the import not in the feed yet: dropped when they arrive. */
  dropped: number;
}

/**
 * A go-live import rolled back in billing or payments (`*.import.rolled_back`, one part): every
 * item of the feed that came from the import's events (`eventIds`: opening arrears issued and
 * settled, deposits and prepayments taken in) is taken back by a new item
 * (`import.rolled_back`, the amount negated, the journal entry with debits and credits swapped),
 * dated at the rollback — appended, never removed, so a cursor read again gives the same items —
 * and the import's events not in the feed yet are dropped when they arrive. All in one
 * transaction under the organisation's append lock, so an event of the import arriving meanwhile
 * is either taken back or dropped. Only the rollback event's organisation is touched. A
 * redelivered part appends nothing twice.
 */
export async function reverseRolledBackImport(
  deps: FinanceDeps,
  event: EventEnvelope,
): Promise<ReverseResult> {
  if (event.version !== 1) return { reversed: 0, dropped: 0 };
  const part = parseInput(importRolledBackV1, event.data, `event ${event.type}`);
  const orgId = event.orgId;
  return deps.db.$transaction(
    async (tx) => {
      await lockFeed(tx, orgId);
      const originals = await tx.feedItem.findMany({
        where: { orgId, eventId: { in: part.eventIds } },
        orderBy: { position: "asc" },
      });
      let reversed = 0;
      for (const row of originals) {
        const original = {
          ...row,
          position: Number(row.position),
          amountMinor: Number(row.amountMinor),
          data: row.data as Record<string, unknown>,
        };
        const item = rolledBackItemOf(original, {
          eventId: event.id,
          occurredAt: new Date(event.occurredAt),
          batchId: part.batchId,
        });
        const journal = reversalOf(row.journal as unknown as JournalLine[]);
        if (await appendFeedItem(tx, item, journal)) reversed++;
      }
      const inFeed = new Set(originals.map((o) => o.eventId));
      const { count: dropped } = await tx.droppedEvent.createMany({
        data: part.eventIds
          .filter((id) => !inFeed.has(id))
          .map((eventId) => ({ eventId, orgId, batchId: part.batchId })),
        skipDuplicates: true,
      });
      return { reversed, dropped };
    },
    {
      // Fresh snapshots per statement after the lock (db/feed.ts); a part holds up to 5,000 events.
      isolationLevel: Prisma.TransactionIsolationLevel.ReadCommitted,
      maxWait: 10_000,
      timeout: 120_000,
    },
  );
}
