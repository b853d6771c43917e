import { type EventEnvelope, EventTypes } from "@slms/contracts";
import { type BatchExpander, nameUuid } from "@slms/db";
import { z } from "zod";
import type { Tx } from "../deps.ts";
import { billIssuedData } from "../events/bill-events.ts";
import type { PrismaClient } from "../generated/prisma/client.ts";
import { shareSiteLeases } from "./removed-leases.ts";

// The billing run's set-based SQL. A candidate is a scheduled charge of the run's sites, due by
// the target date (issue date ≤ target), with an amount, and no bill yet. Bills are unique by
// `dedupe_key`, so concurrent or repeated runs can select the same candidates safely: ON
// CONFLICT DO NOTHING lets exactly one insert each. A run walks each site's candidates in key
// order (lease, fee, period) along the partial index of lines still scheduled (site_id, lease_id,
// fee_code, period_start), each chunk after the previous chunk's last key, so every chunk costs
// the same and the run as a whole reads every line once — time and memory grow with the lines billed, not with their
// square. A run started again after a crash walks from the start and NOT EXISTS skips what is
// billed.

const dueLines = (sites: string) => `
  SELECT sc.*, 'charge:' || sc.lease_id || ':' || sc.fee_code || ':' || to_char(sc.period_start, 'YYYY-MM-DD') AS dedupe_key
  FROM scheduled_charges sc
  WHERE sc.org_id = $1 AND ${sites} AND sc.state = 'scheduled'
    AND sc.issue_date <= $3::date AND sc.amount_minor > 0
    AND NOT EXISTS (
      SELECT 1 FROM bills b
      WHERE b.dedupe_key = 'charge:' || sc.lease_id || ':' || sc.fee_code || ':' || to_char(sc.period_start, 'YYYY-MM-DD')
    )`;
/** The candidates of several sites ($2: text[]), for counts and previews. */
const candidates = dueLines("sc.site_id = ANY($2::text[])");

export interface CandidateRow {
  lease_id: string;
  customer_id: string;
  site_id: string;
  fee_code: string;
  period_start: Date;
  period_end: Date;
  issue_date: Date;
  due_date: Date;
  currency: string;
  amount_minor: bigint;
}

export async function countCandidates(
  db: PrismaClient,
  orgId: string,
  siteIds: string[],
  target: string,
): Promise<number> {
  const [row] = await db.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM (${candidates}) c`,
    orgId,
    siteIds,
    target,
  );
  return row?.n ?? 0;
}

/** The candidates of the sites, or of these leases of them only ($4: text[], null for all). */
const candidatesOf = `${candidates} AND ($4::text[] IS NULL OR sc.lease_id = ANY($4::text[]))`;

/** How many candidates there are, what they come to and how many leases they are of. */
export async function candidateTotals(
  db: PrismaClient,
  orgId: string,
  siteIds: string[],
  target: string,
  leaseIds: string[] | null = null,
): Promise<{ count: number; minor: bigint; leases: number }> {
  const [row] = await db.$queryRawUnsafe<{ n: number; minor: bigint; leases: number }[]>(
    `SELECT count(*)::int AS n, coalesce(sum(c.amount_minor), 0)::bigint AS minor,
            count(DISTINCT c.lease_id)::int AS leases
       FROM (${candidatesOf}) c`,
    orgId,
    siteIds,
    target,
    leaseIds,
  );
  return { count: row?.n ?? 0, minor: row?.minor ?? 0n, leases: row?.leases ?? 0 };
}

export async function previewCandidates(
  db: PrismaClient,
  orgId: string,
  siteIds: string[],
  target: string,
  limit: number,
  leaseIds: string[] | null = null,
): Promise<CandidateRow[]> {
  return db.$queryRawUnsafe<CandidateRow[]>(
    `${candidatesOf} ORDER BY sc.site_id, sc.lease_id, sc.fee_code, sc.period_start LIMIT $5`,
    orgId,
    siteIds,
    target,
    leaseIds,
    limit,
  );
}

/** How many of the leases billing holds at the sites. */
export async function countKnownLeases(
  db: PrismaClient,
  orgId: string,
  siteIds: string[],
  leaseIds: string[],
): Promise<number> {
  const [row] = await db.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM billing_leases
      WHERE org_id = $1 AND site_id = ANY($2::text[]) AND id = ANY($3::text[])`,
    orgId,
    siteIds,
    leaseIds,
  );
  return row?.n ?? 0;
}

/**
 * The outbox row type of a billing run's chunk: one row standing for the `billing.bill.issued`
 * events of the chunk's bills, instead of a row per bill, so a run writes a bill and marks its
 * schedule line and nothing more per bill. The relay reads the events from the bills
 * ({@link chunkEvents}); a run's charge bills never change their issued fields (an amendment
 * adjusts them with other bills and credit notes), so they read as they were issued.
 */
export const RUN_CHUNK = "billing.run.chunk";

/** Where a chunk ended, in schedule-line key order: the next chunk starts after it. */
export interface ChunkKey {
  leaseId: string;
  feeCode: string;
  periodStart: Date;
}

export interface ChunkResult {
  selected: number;
  inserted: number;
  insertedMinor: bigint;
  last: ChunkKey | null;
}

/**
 * Issues up to `limit` candidates after `after` (key order, the schedule's primary key) as bills
 * with their `billing.bill.issued` events, in one statement (one transaction): the events as one
 * outbox row for the chunk ({@link RUN_CHUNK}). Returns how many it selected and inserted, and
 * the last key, so each chunk reads only what follows the previous one instead of re-checking
 * everything already billed.
 */
export async function issueChunk(
  tx: Tx,
  run: {
    orgId: string;
    /** The one site this chunk bills. */
    siteId: string;
    target: string;
    runId: string;
    actor: string;
    traceparent: string | null;
  },
  limit: number,
  after: ChunkKey | null,
): Promise<ChunkResult> {
  // A rollback of an import taking leases of the site back is waited for (then its lines are
  // gone), and waits for this chunk (then it sees the bills and refuses).
  await shareSiteLeases(tx, run.siteId);
  const [row] = await tx.$queryRawUnsafe<
    {
      selected: number;
      inserted: number;
      minor: bigint;
      last_lease: string | null;
      last_fee: string | null;
      last_period: Date | null;
    }[]
  >(
    `WITH candidates AS (
       ${dueLines("sc.site_id = $2")}
         AND ($8::text IS NULL OR (sc.lease_id, sc.fee_code, sc.period_start) > ($8::text, $9::text, $10::date))
       ORDER BY sc.lease_id, sc.fee_code, sc.period_start LIMIT $4),
     last AS (
       SELECT lease_id, fee_code, period_start FROM candidates
       ORDER BY lease_id DESC, fee_code DESC, period_start DESC LIMIT 1
     ),
     inserted AS (
       INSERT INTO bills (id, dedupe_key, org_id, site_id, lease_id, customer_id, fee_code, kind, period_start,
                          period_end, issue_date, due_date, currency, amount_minor, billing_run_id)
       SELECT 'bil_' || replace(gen_random_uuid()::text, '-', ''), dedupe_key, org_id, site_id, lease_id, customer_id,
              fee_code, 'charge'::"BillKind", period_start, period_end, issue_date, due_date, currency, amount_minor, $5
       FROM candidates
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING *
     ),
     -- One outbox row for the chunk's bills (their keys run from first to final), which the
     -- relay turns into a billing.bill.issued event per bill (chunkEvents).
     first AS (
       SELECT lease_id, fee_code, period_start FROM inserted
       ORDER BY lease_id, fee_code, period_start LIMIT 1
     ),
     final AS (
       SELECT lease_id, fee_code, period_start FROM inserted
       ORDER BY lease_id DESC, fee_code DESC, period_start DESC LIMIT 1
     ),
     events AS (
       INSERT INTO outbox_messages (id, type, version, occurred_at, org_id, site_id, actor, traceparent, data)
       SELECT gen_random_uuid(), '${RUN_CHUNK}', 1, now(), $1, $2, $6, $7,
              jsonb_build_object('count', (SELECT count(*) FROM inserted), 'runId', $5::text,
                'first', jsonb_build_object('leaseId', f.lease_id, 'feeCode', f.fee_code,
                                            'periodStart', to_char(f.period_start, 'YYYY-MM-DD')),
                'final', jsonb_build_object('leaseId', l.lease_id, 'feeCode', l.fee_code,
                                            'periodStart', to_char(l.period_start, 'YYYY-MM-DD')))
       FROM first f, final l
     ),
     -- Billed lines leave the candidates for good: later runs and counts skip them by state.
     billed AS (
       UPDATE scheduled_charges sc SET state = 'billed'
       FROM inserted i
       WHERE sc.lease_id = i.lease_id AND sc.fee_code = i.fee_code AND sc.period_start = i.period_start
     )
     SELECT (SELECT count(*) FROM candidates)::int AS selected,
            (SELECT count(*) FROM inserted)::int AS inserted,
            (SELECT coalesce(sum(amount_minor), 0) FROM inserted)::bigint AS minor,
            (SELECT lease_id FROM last) AS last_lease,
            (SELECT fee_code FROM last) AS last_fee,
            (SELECT period_start FROM last) AS last_period`,
    run.orgId,
    run.siteId,
    run.target,
    limit,
    run.runId,
    run.actor,
    run.traceparent,
    after?.leaseId ?? null,
    after?.feeCode ?? null,
    after?.periodStart ?? null,
  );
  return {
    selected: row?.selected ?? 0,
    inserted: row?.inserted ?? 0,
    insertedMinor: row?.minor ?? 0n,
    last:
      row?.last_lease && row.last_fee && row.last_period
        ? { leaseId: row.last_lease, feeCode: row.last_fee, periodStart: row.last_period }
        : null,
  };
}

const chunkKey = z.object({ leaseId: z.string(), feeCode: z.string(), periodStart: z.iso.date() });
const chunkRow = z.object({
  count: z.number().int().positive(),
  runId: z.string(),
  first: chunkKey,
  final: chunkKey,
});

/**
 * A chunk's `billing.bill.issued` events (the outbox row's {@link RUN_CHUNK} batch): its run's
 * bills at its site from its first key to its final, in key order, as the chunk issued them —
 * at its time, by its actor, in its trace. Each event's id is named by its bill, so a chunk
 * expanded again (a relay that died mid-publish) repeats the same ids.
 */
export const chunkEvents: BatchExpander = async (batch, db) => {
  const chunk = chunkRow.parse(batch.data);
  const rows = await db.$queryRawUnsafe<
    {
      id: string;
      site_id: string;
      lease_id: string;
      customer_id: string;
      fee_code: string;
      period_start: string;
      period_end: string;
      issue_date: string;
      due_date: string;
      currency: string;
      amount_minor: bigint;
    }[]
  >(
    `SELECT id, site_id, lease_id, customer_id, fee_code, currency, amount_minor,
            to_char(period_start, 'YYYY-MM-DD') AS period_start, to_char(period_end, 'YYYY-MM-DD') AS period_end,
            to_char(issue_date, 'YYYY-MM-DD') AS issue_date, to_char(due_date, 'YYYY-MM-DD') AS due_date
       FROM bills
      WHERE billing_run_id = $1 AND site_id = $2 AND kind = 'charge'
        AND (lease_id, fee_code, period_start) >= ($3::text, $4::text, $5::date)
        AND (lease_id, fee_code, period_start) <= ($6::text, $7::text, $8::date)
      ORDER BY lease_id, fee_code, period_start`,
    chunk.runId,
    batch.siteId,
    chunk.first.leaseId,
    chunk.first.feeCode,
    chunk.first.periodStart,
    chunk.final.leaseId,
    chunk.final.feeCode,
    chunk.final.periodStart,
  );
  return rows.map(
    (row): EventEnvelope => ({
      id: nameUuid(`${EventTypes.BillIssued}/${row.id}`),
      type: EventTypes.BillIssued,
      version: 1,
      occurredAt: batch.occurredAt,
      orgId: batch.orgId,
      siteId: row.site_id,
      actor: batch.actor,
      traceparent: batch.traceparent,
      data: billIssuedData({
        id: row.id,
        siteId: row.site_id,
        leaseId: row.lease_id,
        customerId: row.customer_id,
        feeCode: row.fee_code,
        kind: "charge",
        periodStart: row.period_start,
        periodEnd: row.period_end,
        issueDate: row.issue_date,
        dueDate: row.due_date,
        currency: row.currency,
        amountMinor: Number(row.amount_minor),
      }),
    }),
  );
};
