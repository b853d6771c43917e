import type { Db, Tx } from "../deps.ts";
import type { Channel, Language } from "../domain/settings.ts";
import type { Kind } from "../domain/templates.ts";

// The dispatcher's set-based statements: a batch is claimed, checked and recorded in a handful of
// queries whatever its size (dispatch-notifications.ts decides; these only read and write).

/** A queued notification as the dispatcher claims it. */
export interface DueRow {
  id: string;
  org_id: string;
  site_id: string;
  kind: Kind;
  subject_type: string;
  subject_id: string;
  step: string;
  created_at: Date;
  channel: Channel;
  audience: string;
  recipient: string;
  customer_id: string | null;
  language: Language;
  attempts: number;
  facts: Record<string, unknown>;
}

/** Up to `limit` notifications due at `now` that nobody holds, locked until the transaction ends. */
export function lockDue(tx: Tx, now: Date, limit: number): Promise<DueRow[]> {
  return tx.$queryRawUnsafe<DueRow[]>(
    `SELECT id, org_id, site_id, kind, subject_type, subject_id, step, channel, audience, recipient,
            customer_id, language, attempts, facts, created_at
       FROM notifications
      WHERE status = 'queued' AND next_attempt_at <= $1::timestamptz
        AND (claimed_until IS NULL OR claimed_until <= $1::timestamptz)
      ORDER BY next_attempt_at, id
      LIMIT $2
        FOR UPDATE SKIP LOCKED`,
    now.toISOString(),
    limit,
  );
}

/** Which of the (organisation, channel, address) triples opted out: keys `org channel address`. */
export async function optedOut(
  db: Db,
  keys: readonly { orgId: string; channel: string; address: string }[],
): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db.$queryRawUnsafe<{ key: string }[]>(
    `SELECT o.org_id || ' ' || o.channel || ' ' || o.address AS key
       FROM opt_outs o
       JOIN unnest($1::text[], $2::text[], $3::text[]) AS k(org_id, channel, address)
         ON o.org_id = k.org_id AND o.channel = k.channel AND o.address = k.address`,
    keys.map((k) => k.orgId),
    keys.map((k) => k.channel),
    keys.map((k) => k.address),
  );
  return new Set(rows.map((row) => row.key));
}

/**
 * Takes the transaction-scoped lock of each recipient (`channel:address`) in one statement, in
 * the order of the lock ids — the same order in every dispatcher, so two never deadlock — and
 * then counts each recipient's messages of its day: sent since `dayStart`, or being sent by a
 * dispatcher now (claimed). A dispatcher that waited for a lock counts after the holder committed
 * its claims, so concurrent dispatchers count one after the other. Keys `channel recipient dayStart`.
 */
export async function lockAndCountToday(
  tx: Tx,
  recipients: readonly { channel: string; recipient: string; dayStart: Date }[],
  now: Date,
): Promise<Map<string, number>> {
  if (recipients.length === 0) return new Map();
  await tx.$queryRawUnsafe(
    `SELECT count(*)::int AS n
       FROM (SELECT pg_advisory_xact_lock(lock_id)
               FROM (SELECT DISTINCT hashtextextended(k, 7) AS lock_id FROM unnest($1::text[]) AS k
                      ORDER BY 1) AS ids) AS locks`,
    recipients.map((r) => `${r.channel}:${r.recipient}`),
  );
  const rows = await tx.$queryRawUnsafe<{ key: string; n: number }[]>(
    `SELECT k.channel || ' ' || k.recipient || ' ' || k.day_start_ms AS key, count(n.id)::int AS n
       FROM (SELECT DISTINCT * FROM unnest($1::text[], $2::text[], $3::bigint[])
               AS u(channel, recipient, day_start_ms)) AS k
       JOIN notifications n ON n.channel = k.channel AND n.recipient = k.recipient
        AND ((n.status = 'sent' AND n.sent_at >= to_timestamp(k.day_start_ms / 1000.0))
          OR (n.status = 'queued' AND n.claimed_until > $4::timestamptz))
      GROUP BY 1`,
    recipients.map((r) => r.channel),
    recipients.map((r) => r.recipient),
    recipients.map((r) => r.dayStart.getTime()),
    now.toISOString(),
  );
  return new Map(rows.map((row) => [row.key, row.n]));
}

/** What the dispatcher decided for a claimed row, written by {@link applyDecisions}. */
export type RowDecision =
  | { id: string; kind: "suppress"; reason: string; recipient?: string }
  | { id: string; kind: "defer"; until: Date; reason: string; recipient?: string }
  | {
      id: string;
      kind: "claim";
      claimedUntil: string;
      subject: string;
      body: string;
      amountMinor: number | null;
      recipient?: string;
    };

/**
 * Writes a batch's decisions in one statement: suppressed (final, with the reason), deferred
 * (a later next attempt, with the reason), or claimed until `claimedUntil` with the text rendered
 * now and one more attempt. A recipient resolved from the customer is stored too.
 */
export async function applyDecisions(tx: Tx, decisions: readonly RowDecision[], now: Date) {
  if (decisions.length === 0) return;
  const rows = decisions.map((d) => ({
    id: d.id,
    kind: d.kind,
    reason: d.kind === "claim" ? null : d.reason,
    until: d.kind === "defer" ? d.until.toISOString() : null,
    claimed_until: d.kind === "claim" ? d.claimedUntil : null,
    subject: d.kind === "claim" ? d.subject : null,
    body: d.kind === "claim" ? d.body : null,
    amount_minor: d.kind === "claim" ? d.amountMinor : null,
    recipient: d.recipient ?? null,
  }));
  await tx.$executeRawUnsafe(
    `UPDATE notifications n
        SET status = CASE WHEN r.kind = 'suppress' THEN 'suppressed' ELSE n.status END,
            reason = CASE WHEN r.kind = 'claim' THEN n.reason ELSE r.reason END,
            provider_id = CASE WHEN r.kind = 'suppress' THEN NULL ELSE n.provider_id END,
            sent_at = CASE WHEN r.kind = 'suppress' THEN NULL ELSE n.sent_at END,
            attachment = CASE WHEN r.kind = 'suppress' THEN NULL ELSE n.attachment END,
            attachment_issue = CASE WHEN r.kind = 'suppress' THEN NULL ELSE n.attachment_issue END,
            next_attempt_at = coalesce(r.until, n.next_attempt_at),
            claimed_until = CASE WHEN r.kind = 'claim' THEN r.claimed_until
                                 WHEN r.kind = 'suppress' THEN NULL ELSE n.claimed_until END,
            attempts = n.attempts + CASE WHEN r.kind = 'claim' THEN 1 ELSE 0 END,
            subject = CASE WHEN r.kind = 'claim' THEN r.subject ELSE n.subject END,
            body = CASE WHEN r.kind = 'claim' THEN r.body ELSE n.body END,
            amount_minor = CASE WHEN r.kind = 'claim' THEN r.amount_minor ELSE n.amount_minor END,
            recipient = coalesce(r.recipient, n.recipient),
            updated_at = $2::timestamptz
       FROM jsonb_to_recordset($1::jsonb) AS r(id text, kind text, reason text, until timestamptz,
            claimed_until timestamptz, subject text, body text, amount_minor bigint, recipient text)
      WHERE n.id = r.id`,
    JSON.stringify(rows),
    now.toISOString(),
  );
}

/** How a claimed message's try ended, written by {@link recordOutcomes}. */
export type Outcome =
  | {
      id: string;
      claimedUntil: string;
      status: "sent";
      providerId: string | null;
      /** The file attached, or why a receipt went without its PDF. */
      attachment: string | null;
      issue: string | null;
    }
  | { id: string; claimedUntil: string; status: "failed"; reason: string }
  | { id: string; claimedUntil: string; status: "retry"; reason: string; at: Date };

/**
 * Records a batch's outcomes in one statement: sent or failed for good (final), or queued again
 * for `at`. Only rows whose claim is still the caller's change (a dispatcher whose claim ran out
 * and was taken over records nothing).
 */
export async function recordOutcomes(db: Db, outcomes: readonly Outcome[], now: Date) {
  if (outcomes.length === 0) return;
  const rows = outcomes.map((o) => ({
    id: o.id,
    claimed_until: o.claimedUntil,
    status: o.status,
    reason: o.status === "sent" ? null : o.reason,
    provider_id: o.status === "sent" ? o.providerId : null,
    attachment: o.status === "sent" ? o.attachment : null,
    issue: o.status === "sent" ? o.issue : null,
    at: o.status === "retry" ? o.at.toISOString() : null,
  }));
  await db.$executeRawUnsafe(
    `UPDATE notifications n
        SET status = CASE WHEN r.status = 'retry' THEN n.status ELSE r.status END,
            reason = r.reason,
            provider_id = CASE WHEN r.status = 'retry' THEN n.provider_id ELSE r.provider_id END,
            sent_at = CASE WHEN r.status = 'sent' THEN $2::timestamptz
                           WHEN r.status = 'retry' THEN n.sent_at END,
            attachment = CASE WHEN r.status = 'retry' THEN n.attachment ELSE r.attachment END,
            attachment_issue = CASE WHEN r.status = 'retry' THEN n.attachment_issue ELSE r.issue END,
            next_attempt_at = coalesce(r.at, n.next_attempt_at),
            claimed_until = NULL,
            updated_at = $2::timestamptz
       FROM jsonb_to_recordset($1::jsonb) AS r(id text, claimed_until timestamptz, status text,
            reason text, provider_id text, attachment text, issue text, at timestamptz)
      WHERE n.id = r.id AND n.claimed_until = r.claimed_until`,
    JSON.stringify(rows),
    now.toISOString(),
  );
}
