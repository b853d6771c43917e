import { type EventEnvelope, eventEnvelopeSchema } from "@slms/contracts";
import { currentTraceparent } from "@slms/telemetry";
import { uuidv7 } from "./ids.ts";
import type { SqlClient, TransactionalClient } from "./sql-client.ts";

/** Events per INSERT. */
const INSERT_CHUNK = 5_000;

/**
 * A new event (version 1) for the outbox: a fresh UUIDv7, now, and the current trace context so
 * the consumer continues the producer's trace. `data` is the type's payload, built field by field.
 */
export function newEvent(
  type: string,
  scope: { orgId: string; siteId: string | null; actor: string },
  data: object,
): EventEnvelope {
  return {
    id: uuidv7(),
    type,
    version: 1,
    occurredAt: new Date().toISOString(),
    orgId: scope.orgId,
    siteId: scope.siteId,
    actor: scope.actor,
    traceparent: currentTraceparent(),
    data: data as Record<string, unknown>,
  };
}

/** Options of {@link writeOutbox}. */
export interface WriteOutboxOptions {
  /**
   * Keep the events from the relay until {@link releaseOutbox} lets it publish them, or
   * {@link discardOutbox} drops them: what a change that may yet be undone as a whole writes (an
   * import until every service's part of it is in), so no consumer hears of it before.
   */
  hold?: boolean;
}

/** `claimed_until` of a held event: never lapses, so no relay claims it. */
const HELD = "infinity";

/**
 * Writes events to the outbox. Call it with the interactive-transaction client that makes the
 * state change they describe, so both commit or neither does. Each envelope is validated against
 * the envelope schema first (a ZodError rejects the whole call). `occurredAt` is stored with
 * millisecond precision.
 */
export async function writeOutbox(
  tx: SqlClient,
  envelopes: EventEnvelope | readonly EventEnvelope[],
  options: WriteOutboxOptions = {},
): Promise<void> {
  const claimedUntil = options.hold ? `'${HELD}'::timestamptz` : "NULL";
  const list = (Array.isArray(envelopes) ? envelopes : [envelopes]) as readonly EventEnvelope[];
  const valid = list.map((e) => eventEnvelopeSchema.parse(e));
  // One parameter per chunk (the rows as JSON): an import's 10,000 events in a few statements.
  for (let start = 0; start < valid.length; start += INSERT_CHUNK) {
    const chunk = valid.slice(start, start + INSERT_CHUNK).map((e) => ({
      id: e.id,
      type: e.type,
      version: e.version,
      occurred_at: e.occurredAt,
      org_id: e.orgId,
      site_id: e.siteId,
      actor: e.actor,
      traceparent: e.traceparent,
      data: e.data,
    }));
    await tx.$executeRawUnsafe(
      `INSERT INTO outbox_messages
         (id, type, version, occurred_at, org_id, site_id, actor, traceparent, data, claimed_until)
       SELECT (e->>'id')::uuid, e->>'type', (e->>'version')::int, (e->>'occurred_at')::timestamptz,
              e->>'org_id', e->>'site_id', e->>'actor', e->>'traceparent', e->'data', ${claimedUntil}
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(e, n)
        ORDER BY n`,
      JSON.stringify(chunk),
    );
  }
}

/**
 * Lets the relay publish events written held (by id; others are left as they are). Answers how
 * many it released.
 */
export async function releaseOutbox(db: SqlClient, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  return db.$executeRawUnsafe(
    `UPDATE outbox_messages SET claimed_until = NULL
      WHERE id = ANY($1::uuid[]) AND published_at IS NULL AND claimed_until = '${HELD}'`,
    ids,
  );
}

/** Drops events written held and never released (by id). Answers how many it dropped. */
export async function discardOutbox(db: SqlClient, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  return db.$executeRawUnsafe(
    `DELETE FROM outbox_messages
      WHERE id = ANY($1::uuid[]) AND published_at IS NULL AND claimed_until = '${HELD}'`,
    ids,
  );
}

/**
 * Turns a batch row into the events it stands for. A batch row is one outbox row written in
 * place of many events, where a bulk change would otherwise write thousands of rows in its
 * transaction (a billing run's chunk of bills): its `data.count` (a positive integer) says how
 * many events it stands for, and the rest of `data` says which. The expander reads them when the
 * relay claims the row, so what they describe must not change once the row is written, and their
 * ids must come from what they describe (`nameUuid`): a batch expanded again after a crash
 * repeats the same ids, which consumers' inboxes take once. It gets the row as an envelope (its
 * id, time, actor, trace) and the store's database client.
 */
export type BatchExpander = (batch: EventEnvelope, db: SqlClient) => Promise<EventEnvelope[]>;

/** Options of {@link createOutboxStore}. */
export interface OutboxStoreOptions {
  /**
   * How long a claimed batch belongs to the relay that claimed it, ms (default 30,000). A relay
   * that dies mid-publish leaves its claim to expire; then another relay takes the rows.
   */
  claimMs?: number;
  /** The service's batch rows, by row type: how each becomes its events. */
  batches?: Readonly<Record<string, BatchExpander>>;
}

/** The relay's view of the outbox table. */
export interface OutboxStore {
  /**
   * Claims up to `limit` unpublished events, oldest first, and hands them to `publish`:
   * 1. one short statement claims them (`claimed_until`, rows picked `FOR UPDATE SKIP LOCKED`,
   *    so concurrent relays get disjoint batches) and commits; a batch row counts as the events
   *    it stands for, and is expanded into them (a first row larger than `limit` is taken alone,
   *    and handed to `publish` `limit` events at a time);
   * 2. `publish` runs with **no transaction open** — a consumer in this process (the in-process
   *    bus) or a slow broker never waits on a lock or a database session held here;
   * 3. the rows are stamped `published_at` with `attempts + 1`.
   * When `publish` throws, the claim is released at once (the rows are claimed again later),
   * their `attempts` is incremented so poison events show up, and the error is rethrown. A relay
   * that dies between 1 and 3 leaves rows that are claimed again once `claimMs` passed:
   * delivery is at least once, as consumers expect (they dedupe through their inbox).
   * `publish` is not called when nothing is pending.
   * @returns how many events were published.
   */
  claimBatch(limit: number, publish: (rows: EventEnvelope[]) => Promise<void>): Promise<number>;
  /** Deletes events published before `olderThan`. @returns how many were deleted. */
  prune(olderThan: Date): Promise<number>;
  /** Events waiting for the relay (held ones are not waiting; a batch row counts as its events). */
  pendingCount(): Promise<number>;
  /**
   * What waits for the relay (held events do not): how many events, and the age in seconds of
   * the oldest (0 when none). One index scan over the unpublished rows; read on scrape.
   */
  backlog(): Promise<{ messages: number; oldestAgeSeconds: number }>;
}

interface OutboxRow {
  seq: bigint;
  id: string;
  type: string;
  version: number;
  occurred_at: Date;
  org_id: string;
  site_id: string | null;
  actor: string;
  traceparent: string | null;
  data: Record<string, unknown>;
}

/** How many events a row stands for: 1, or a batch row's count ($n: the batch row types). */
const weight = (types: string) =>
  `CASE WHEN type = ANY(${types}::text[]) THEN GREATEST((data->>'count')::int, 1) ELSE 1 END`;

/**
 * Claims the next unpublished rows standing for up to $1 events ($2 = seconds, $3 = the batch row
 * types; a first row standing for more is claimed alone). Ordered by the index (published_at,
 * seq), so the scan starts at the unpublished rows: ordered by seq alone, the planner walked the
 * primary key past every published row still kept (7 days of them), and each claim cost more
 * than the one before (bench/billing-run at 1M leases).
 */
export const CLAIM_SQL = `WITH picked AS (
         SELECT seq, ${weight("$3")} AS weight FROM outbox_messages
          WHERE published_at IS NULL
            AND (claimed_until IS NULL OR claimed_until < now())
          ORDER BY published_at, seq
          LIMIT $1
            FOR UPDATE SKIP LOCKED),
       taken AS (
         SELECT seq FROM (SELECT seq, sum(weight) OVER (ORDER BY seq) AS upto,
                                 row_number() OVER (ORDER BY seq) AS n FROM picked) p
          WHERE upto <= $1 OR n = 1)
     UPDATE outbox_messages
        SET claimed_until = now() + make_interval(secs => $2::float8)
      WHERE seq IN (SELECT seq FROM taken)
  RETURNING seq, id, type, version, occurred_at, org_id, site_id, actor, traceparent, data`;

/** The outbox of one service database, for its relay. */
export function createOutboxStore(
  prisma: TransactionalClient,
  options: OutboxStoreOptions = {},
): OutboxStore {
  const claimSeconds = (options.claimMs ?? 30_000) / 1000;
  const batches = options.batches ?? {};
  const batchTypes = Object.keys(batches);
  /** The rows' events in order, batch rows expanded. */
  async function eventsOf(rows: OutboxRow[]): Promise<EventEnvelope[]> {
    const events: EventEnvelope[] = [];
    for (const row of rows) {
      const expand = batches[row.type];
      if (expand) events.push(...(await expand(toEnvelope(row), prisma)));
      else events.push(toEnvelope(row));
    }
    return events;
  }
  return {
    async claimBatch(limit, publish) {
      if (!Number.isSafeInteger(limit) || limit < 1) {
        throw new RangeError(`claimBatch limit must be a positive integer, got ${limit}`);
      }
      const rows = await prisma.$queryRawUnsafe<OutboxRow[]>(
        CLAIM_SQL,
        limit,
        claimSeconds,
        batchTypes,
      );
      if (rows.length === 0) return 0;
      rows.sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0));
      const claimed = rows.map((r) => r.seq.toString());
      let events: EventEnvelope[];
      try {
        events = await eventsOf(rows);
        // A batch row larger than the limit is published `limit` events at a time, so the bus
        // validates and sends no more at once than it would otherwise (the service's requests
        // wait behind that work). A slice failing publishes the whole row again later.
        for (let at = 0; at < events.length; at += limit) {
          await publish(events.slice(at, at + limit));
        }
      } catch (error) {
        await prisma
          .$executeRawUnsafe(
            `UPDATE outbox_messages SET attempts = attempts + 1, claimed_until = NULL
              WHERE seq = ANY($1::bigint[]) AND published_at IS NULL`,
            claimed,
          )
          .then(
            () => {},
            () => {},
          );
        throw error;
      }
      await prisma.$executeRawUnsafe(
        `UPDATE outbox_messages
            SET published_at = now(), claimed_until = NULL, attempts = attempts + 1
          WHERE seq = ANY($1::bigint[])`,
        claimed,
      );
      return events.length;
    },

    async prune(olderThan) {
      return prisma.$executeRawUnsafe(
        "DELETE FROM outbox_messages WHERE published_at < $1::timestamptz",
        olderThan.toISOString(),
      );
    },

    async pendingCount() {
      const [row] = await prisma.$queryRawUnsafe<{ n: number }[]>(
        `SELECT COALESCE(sum(${weight("$1")}), 0)::int AS n FROM outbox_messages
          WHERE published_at IS NULL AND claimed_until IS DISTINCT FROM '${HELD}'`,
        batchTypes,
      );
      return row?.n ?? 0;
    },

    async backlog() {
      const [row] = await prisma.$queryRawUnsafe<{ n: number; age: number }[]>(
        `SELECT COALESCE(sum(${weight("$1")}), 0)::int AS n,
                COALESCE(EXTRACT(EPOCH FROM now() - min(occurred_at)), 0)::float8 AS age
           FROM outbox_messages
          WHERE published_at IS NULL AND claimed_until IS DISTINCT FROM '${HELD}'`,
        batchTypes,
      );
      return { messages: row?.n ?? 0, oldestAgeSeconds: Math.max(0, row?.age ?? 0) };
    },
  };
}

function toEnvelope(row: OutboxRow): EventEnvelope {
  return {
    id: row.id,
    type: row.type,
    version: row.version,
    occurredAt: row.occurred_at.toISOString(),
    orgId: row.org_id,
    siteId: row.site_id,
    actor: row.actor,
    traceparent: row.traceparent,
    data: row.data,
  };
}
