import type { Tx } from "../deps.ts";
import type { DepositAccount, DepositEntry } from "../generated/prisma/client.ts";

// The set-based SQL of an import's deposits: each step is one statement over every lease or
// entry of the call (jsonb_to_recordset / ANY), however many rows it has — 10,000 deposits are a
// handful of statements, not 10,000 round trips.

/**
 * Opens the leases' deposit accounts (those without one) and locks them all, in lease order, as
 * `lockDepositAccount` does one at a time: every ledger entry of a lease is written under its
 * account's lock. Answers the accounts by lease, as they are (opened now or before).
 */
export async function lockDepositAccounts(
  tx: Tx,
  scope: { orgId: string; siteId: string; currency: string },
  leases: ReadonlyMap<string, string>,
): Promise<Map<string, DepositAccount>> {
  if (leases.size === 0) return new Map();
  await tx.$executeRawUnsafe(
    `INSERT INTO deposit_accounts (lease_id, org_id, site_id, customer_id, currency)
     SELECT r.lease_id, $1, $2, r.customer_id, $3
       FROM jsonb_to_recordset($4::jsonb) AS r(lease_id text, customer_id text)
     ON CONFLICT (lease_id) DO NOTHING`,
    scope.orgId,
    scope.siteId,
    scope.currency,
    JSON.stringify(
      [...leases].map(([leaseId, customerId]) => ({ lease_id: leaseId, customer_id: customerId })),
    ),
  );
  const ids = [...leases.keys()].sort();
  const rows = await tx.$queryRawUnsafe<
    {
      lease_id: string;
      org_id: string;
      site_id: string;
      customer_id: string;
      currency: string;
      created_at: Date;
    }[]
  >(
    `SELECT lease_id, org_id, site_id, customer_id, currency, created_at FROM deposit_accounts
      WHERE lease_id = ANY($1::text[]) ORDER BY lease_id FOR UPDATE`,
    ids,
  );
  return new Map(
    rows.map((r) => [
      r.lease_id,
      {
        leaseId: r.lease_id,
        orgId: r.org_id,
        siteId: r.site_id,
        customerId: r.customer_id,
        currency: r.currency,
        createdAt: r.created_at,
      },
    ]),
  );
}

/** The leases among these whose deposit has been settled (frozen: nothing more comes in). */
export async function settledLeases(tx: Tx, leaseIds: readonly string[]): Promise<Set<string>> {
  if (leaseIds.length === 0) return new Set();
  const rows = await tx.$queryRawUnsafe<{ lease_id: string }[]>(
    `SELECT lease_id FROM deposit_settlements WHERE lease_id = ANY($1::text[])`,
    leaseIds,
  );
  return new Set(rows.map((r) => r.lease_id));
}

/** What each of these leases' deposits holds now (the sum of its ledger); absent: nothing. */
export async function heldByLease(
  tx: Tx,
  leaseIds: readonly string[],
): Promise<Map<string, bigint>> {
  if (leaseIds.length === 0) return new Map();
  const rows = await tx.$queryRawUnsafe<{ lease_id: string; held: bigint }[]>(
    `SELECT lease_id, sum(amount_minor)::bigint AS held FROM deposit_entries
      WHERE lease_id = ANY($1::text[]) GROUP BY lease_id`,
    leaseIds,
  );
  return new Map(rows.map((r) => [r.lease_id, BigInt(r.held)]));
}

/** Inserts ledger entries (their accounts locked), in one statement; `createdAt` is the transaction's now. */
export async function insertDepositEntries(
  tx: Tx,
  entries: readonly DepositEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO deposit_entries (id, lease_id, org_id, site_id, customer_id, type, amount_minor,
                                  held_after_minor, currency, method, received_at, reference, note,
                                  actor, request_id, request_fingerprint)
     SELECT r.id, r.lease_id, r.org_id, r.site_id, r.customer_id, r.type::"DepositEntryType",
            r.amount_minor, r.held_after_minor, r.currency, r.method::"PaymentMethod",
            r.received_at, r.reference, r.note, r.actor, r.request_id, r.request_fingerprint
       FROM jsonb_to_recordset($1::jsonb) AS r(id text, lease_id text, org_id text, site_id text,
            customer_id text, type text, amount_minor bigint, held_after_minor bigint,
            currency text, method text, received_at timestamptz, reference text, note text,
            actor text, request_id text, request_fingerprint text)`,
    JSON.stringify(
      entries.map((e) => ({
        id: e.id,
        lease_id: e.leaseId,
        org_id: e.orgId,
        site_id: e.siteId,
        customer_id: e.customerId,
        type: e.type,
        amount_minor: e.amountMinor.toString(),
        held_after_minor: e.heldAfterMinor.toString(),
        currency: e.currency,
        method: e.method,
        received_at: e.receivedAt?.toISOString() ?? null,
        reference: e.reference,
        note: e.note,
        actor: e.actor,
        request_id: e.requestId,
        request_fingerprint: e.requestFingerprint,
      })),
    ),
  );
}

/**
 * Whether the deposits of these entries' leases moved on since the import: a settlement claimed
 * (applied, refunded, forfeited) or another entry written after them. The accounts are locked
 * first, so no writer changes them before the caller decides.
 */
export async function depositsTouchedSince(tx: Tx, entryIds: readonly string[]): Promise<boolean> {
  if (entryIds.length === 0) return false;
  await tx.$queryRawUnsafe(
    `SELECT lease_id FROM deposit_accounts
      WHERE lease_id IN (SELECT lease_id FROM deposit_entries WHERE id = ANY($1::text[]))
      ORDER BY lease_id FOR UPDATE`,
    entryIds,
  );
  const [row] = await tx.$queryRawUnsafe<{ touched: boolean }[]>(
    `SELECT EXISTS (
       SELECT 1 FROM deposit_entries e
        WHERE e.id = ANY($1::text[])
          AND (EXISTS (SELECT 1 FROM deposit_settlements s WHERE s.lease_id = e.lease_id)
               OR EXISTS (SELECT 1 FROM deposit_entries later
                           WHERE later.lease_id = e.lease_id AND NOT later.id = ANY($1::text[])
                             AND later.created_at >= e.created_at))) AS touched`,
    entryIds,
  );
  return row?.touched ?? false;
}

/**
 * Deletes the entries an import made, then the accounts it leaves empty (an account is opened
 * by a lease's first deposit; one with no entry and no settlement is as if never opened).
 */
export async function deleteDepositEntries(tx: Tx, entryIds: readonly string[]): Promise<void> {
  if (entryIds.length === 0) return;
  await tx.$executeRawUnsafe(
    `WITH gone AS (
       DELETE FROM deposit_entries WHERE id = ANY($1::text[]) RETURNING lease_id
     )
     DELETE FROM deposit_accounts a
      WHERE a.lease_id IN (SELECT lease_id FROM gone)
        AND NOT EXISTS (SELECT 1 FROM deposit_entries e
                         WHERE e.lease_id = a.lease_id AND NOT e.id = ANY($1::text[]))
        AND NOT EXISTS (SELECT 1 FROM deposit_settlements s WHERE s.lease_id = a.lease_id)`,
    entryIds,
  );
}

/** What happened since an import to its deposits, leases and customers: what refuses its rollback. */
export interface ImportRollbackBlockers {
  /** Ledger entries not of the import, of its deposits' leases or of its leases and customers. */
  entries: { id: string; leaseId: string; type: string }[];
  /** Settlements of those leases' deposits (begun or completed). */
  settlements: { id: string; leaseId: string; status: string }[];
  /** Payments for its customers or leases, recorded or reversed. */
  payments: { id: string; status: string; receiptNumber: string; customerId: string }[];
  /** Prepayment paid back to its customers or for its leases. */
  refunds: { id: string; customerId: string }[];
}

/**
 * What happened at the site since an import to what it made or names, at most `limit` of each,
 * oldest first: ledger entries other than the import's (`entryIds`) of the leases its entries
 * are of, of `leaseIds` or of `customerIds` (applied, refunded, forfeited, topped up, or another
 * deposit); settlements of those leases' deposits; payments (even reversed) and refunds for
 * `customerIds` or `leaseIds`. The deposit accounts of those leases are locked first, so a
 * deposit recorded or settled meanwhile waits for the caller's transaction.
 */
export async function importRollbackBlockers(
  tx: Tx,
  siteId: string,
  entryIds: readonly string[],
  named: { leaseIds: readonly string[]; customerIds: readonly string[] },
  limit: number,
): Promise<ImportRollbackBlockers> {
  const leases = `(SELECT lease_id FROM deposit_entries WHERE id = ANY($2::text[])
                   UNION SELECT unnest($3::text[]))`;
  await tx.$queryRawUnsafe(
    `WITH locked AS (
       SELECT lease_id FROM deposit_accounts WHERE site_id = $1 AND lease_id IN ${leases}
        ORDER BY lease_id FOR UPDATE)
     SELECT count(*)::int AS n FROM locked`,
    siteId,
    entryIds,
    named.leaseIds,
  );
  const entries = await tx.$queryRawUnsafe<{ id: string; lease_id: string; type: string }[]>(
    `SELECT id, lease_id, type::text AS type FROM deposit_entries
      WHERE site_id = $1 AND id <> ALL($2::text[])
        AND (lease_id IN ${leases} OR customer_id = ANY($4::text[]))
      ORDER BY created_at, id LIMIT $5`,
    siteId,
    entryIds,
    named.leaseIds,
    named.customerIds,
    limit,
  );
  const settlements = await tx.$queryRawUnsafe<{ id: string; lease_id: string; status: string }[]>(
    `SELECT id, lease_id, status::text AS status FROM deposit_settlements
      WHERE site_id = $1 AND lease_id IN ${leases}
      ORDER BY created_at, id LIMIT $4`,
    siteId,
    entryIds,
    named.leaseIds,
    limit,
  );
  const payments = await tx.$queryRawUnsafe<
    { id: string; status: string; receipt_number: string; customer_id: string }[]
  >(
    `SELECT id, status::text AS status, receipt_number, customer_id FROM payments
      WHERE site_id = $1 AND (customer_id = ANY($2::text[]) OR lease_id = ANY($3::text[]))
      ORDER BY created_at, id LIMIT $4`,
    siteId,
    named.customerIds,
    named.leaseIds,
    limit,
  );
  const refunds = await tx.$queryRawUnsafe<{ id: string; customer_id: string }[]>(
    `SELECT id, customer_id FROM refunds
      WHERE site_id = $1 AND (customer_id = ANY($2::text[]) OR lease_id = ANY($3::text[]))
      ORDER BY created_at, id LIMIT $4`,
    siteId,
    named.customerIds,
    named.leaseIds,
    limit,
  );
  return {
    entries: entries.map((e) => ({ id: e.id, leaseId: e.lease_id, type: e.type })),
    settlements: settlements.map((s) => ({ id: s.id, leaseId: s.lease_id, status: s.status })),
    payments: payments.map((p) => ({
      id: p.id,
      status: p.status,
      receiptNumber: p.receipt_number,
      customerId: p.customer_id,
    })),
    refunds: refunds.map((r) => ({ id: r.id, customerId: r.customer_id })),
  };
}
