/**
 * The change feed's storage: `feed_items`, one row per event, numbered per organisation.
 *
 * Why an advisory lock and `max(position) + 1`, not a sequence: a reader keeps the last position
 * it saw and asks for what is above it. With a sequence, transaction T1 may draw 41 and T2 42,
 * and T2 may commit first: a reader then sees 42, moves its cursor past 41, and never sees 41
 * when T1 commits. Here every append of an organisation takes the organisation's transaction-level
 * advisory lock first and only then, in a later statement (READ COMMITTED: a new snapshot, which
 * sees every append committed before the lock was granted), reads the highest position and takes
 * the next. The lock is held until commit, and PostgreSQL makes a commit visible before it
 * releases the transaction's locks, so position n + 1 is drawn only after n is committed and
 * visible: no reader can see n + 1 without n. A rolled-back append leaves no hole either (the
 * next one draws the same number). The price is that appends of one organisation run one at a
 * time; they are one small insert each.
 */

import type { FeedItem } from "../domain/feed-item.ts";
import type { JournalLine } from "../domain/journal.ts";
import { Prisma } from "../generated/prisma/client.ts";

/** The advisory-lock namespace of feed appends (first key of `pg_advisory_xact_lock(int, int)`). */
export const FEED_LOCK_NAMESPACE = 0x66656564; // "feed"

/** A Prisma interactive transaction's client (READ COMMITTED: see the header). */
export type FeedTx = Prisma.TransactionClient;

/**
 * Appends one item at the organisation's next position, inside the caller's transaction (which
 * must be READ COMMITTED and should commit soon after: it holds the organisation's append lock).
 * An event already in the feed, or dropped with a rolled-back import, is not appended: answers
 * false.
 */
export async function appendFeedItem(
  tx: FeedTx,
  item: FeedItem,
  journal: readonly JournalLine[],
): Promise<boolean> {
  await lockFeed(tx, item.orgId);
  // An event of a rolled-back import that arrives after the rollback is dropped (not appended).
  const inserted = await tx.$executeRaw`
    INSERT INTO feed_items (org_id, position, event_id, site_id, kind, occurred_at, customer_id,
      lease_id, bill_id, payment_id, fee_code, method, amount_minor, currency, data, journal)
    SELECT ${item.orgId}, next.position, ${item.eventId}::uuid, ${item.siteId},
      ${item.kind}, ${item.occurredAt}, ${item.customerId}, ${item.leaseId}, ${item.billId},
      ${item.paymentId}, ${item.feeCode}, ${item.method}, ${item.amountMinor}::bigint,
      ${item.currency}, ${JSON.stringify(item.data)}::jsonb, ${JSON.stringify(journal)}::jsonb
    FROM (SELECT coalesce(max(position), 0) + 1 AS position FROM feed_items
           WHERE org_id = ${item.orgId}) AS next
    WHERE NOT EXISTS (SELECT 1 FROM dropped_events WHERE event_id = ${item.eventId}::uuid)
    ON CONFLICT (event_id) DO NOTHING`;
  return inserted > 0;
}

/**
 * Takes the organisation's append lock until the transaction ends, in a statement of its own:
 * what the transaction reads or inserts after it takes its snapshot after the lock is granted.
 */
export async function lockFeed(tx: FeedTx, orgId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${FEED_LOCK_NAMESPACE}::int, hashtext(${orgId}))`;
}

/** A stored item with its position. */
export interface FeedRow extends FeedItem {
  position: number;
  journal: JournalLine[];
}

export interface FeedPage {
  /** Items above the cursor, by position, at most `limit`. */
  rows: FeedRow[];
  /** The organisation's highest position in the same snapshot (0 for an empty feed). */
  top: number;
}

interface RawRow {
  top: bigint | null;
  position: bigint | null;
  event_id: string;
  org_id: string;
  site_id: string;
  kind: string;
  occurred_at: Date;
  customer_id: string;
  lease_id: string | null;
  bill_id: string | null;
  payment_id: string | null;
  fee_code: string | null;
  method: string | null;
  amount_minor: bigint;
  currency: string;
  data: Record<string, unknown>;
  journal: JournalLine[];
}

/**
 * The organisation's items above `after`, of the given sites (null: every site), by position —
 * and, read in the same statement (one snapshot), the organisation's highest position.
 */
export async function readFeed(
  db: Prisma.TransactionClient,
  query: { orgId: string; after: number; siteIds: readonly string[] | null; limit: number },
): Promise<FeedPage> {
  const sites =
    query.siteIds === null
      ? Prisma.sql`TRUE`
      : Prisma.sql`f.site_id = ANY(${[...query.siteIds]}::text[])`;
  const raw = await db.$queryRaw<RawRow[]>`
    SELECT t.top, f.*
    FROM (SELECT max(position) AS top FROM feed_items WHERE org_id = ${query.orgId}) t
    LEFT JOIN LATERAL (
      SELECT * FROM feed_items f
      WHERE f.org_id = ${query.orgId} AND f.position > ${query.after}::bigint AND ${sites}
      ORDER BY f.position
      LIMIT ${query.limit}
    ) f ON TRUE
    ORDER BY f.position`;
  const top = Number(raw[0]?.top ?? 0);
  const rows = raw
    .filter((row) => row.position !== null)
    .map((row) => ({
      position: Number(row.position),
      eventId: row.event_id,
      orgId: row.org_id,
      siteId: row.site_id,
      kind: row.kind,
      occurredAt: row.occurred_at,
      customerId: row.customer_id,
      leaseId: row.lease_id,
      billId: row.bill_id,
      paymentId: row.payment_id,
      feeCode: row.fee_code,
      method: row.method,
      amountMinor: Number(row.amount_minor),
      currency: row.currency,
      data: row.data,
      journal: row.journal,
    }));
  return { rows, top };
}
