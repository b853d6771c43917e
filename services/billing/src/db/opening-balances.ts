import { conflict } from "@slms/errors";
import type { Tx } from "../deps.ts";

// The set-based SQL of an import's opening balances: each list is written by one statement from
// a JSON array of rows (jsonb_to_recordset), however many rows it has — 10,000 bills are one
// INSERT, not 10,000 round trips. Conflicts with what already exists are found first, by one
// query each, so the caller can name the rows at fault.

/** Import-row kinds of billing's part of a batch (`import_rows.kind`). */
export const ImportKinds = { bill: "bill", prepayment: "prepayment" } as const;

/** An opening-arrears bill as the import writes it (ids and dates decided by the use case). */
export interface OpeningBillRow {
  id: string;
  dedupeKey: string;
  leaseId: string;
  customerId: string;
  feeCode: string;
  periodStart: string;
  periodEnd: string;
  issueDate: string;
  dueDate: string;
  amountMinor: number;
  note: string | null;
}

/** An opening prepayment credit (`prepayment_entries`, kind `opening`). */
export interface OpeningCreditRow {
  id: string;
  /** The import row's key: unique among opening credits (the ledger's kind + reference). */
  reference: string;
  customerId: string;
  leaseId: string | null;
  amountMinor: number;
  effectiveAt: string;
}

/** The dedupe keys among these that a bill already has. */
export async function billedKeys(tx: Tx, dedupeKeys: readonly string[]): Promise<Set<string>> {
  if (dedupeKeys.length === 0) return new Set();
  const rows = await tx.$queryRawUnsafe<{ dedupe_key: string }[]>(
    `SELECT dedupe_key FROM bills WHERE dedupe_key = ANY($1::text[])`,
    dedupeKeys,
  );
  return new Set(rows.map((r) => r.dedupe_key));
}

/** The references among these that an opening credit already has. */
export async function creditedReferences(
  tx: Tx,
  references: readonly string[],
): Promise<Set<string>> {
  if (references.length === 0) return new Set();
  const rows = await tx.$queryRawUnsafe<{ reference: string }[]>(
    `SELECT reference FROM prepayment_entries WHERE kind = 'opening' AND reference = ANY($1::text[])`,
    references,
  );
  return new Set(rows.map((r) => r.reference));
}

/**
 * Inserts the bills, open and at version 0 like every newly issued bill. A key taken meanwhile by
 * another writer is a conflict (the transaction is then rolled back whole).
 */
export async function insertOpeningBills(
  tx: Tx,
  scope: { orgId: string; siteId: string; currency: string },
  bills: readonly OpeningBillRow[],
  /** When the bills enter the system: no late fee accrues for a day before it. */
  createdAt: Date,
): Promise<void> {
  if (bills.length === 0) return;
  const inserted = await tx.$executeRawUnsafe(
    `INSERT INTO bills (id, dedupe_key, org_id, site_id, lease_id, customer_id, fee_code, kind,
                        period_start, period_end, issue_date, due_date, currency, amount_minor, note,
                        created_at)
     SELECT r.id, r.dedupe_key, $1, $2, r.lease_id, r.customer_id, r.fee_code,
            'opening_arrears'::"BillKind", r.period_start, r.period_end, r.issue_date, r.due_date,
            $3, r.amount_minor, r.note, $5::timestamptz
       FROM jsonb_to_recordset($4::jsonb) AS r(id text, dedupe_key text, lease_id text,
            customer_id text, fee_code text, period_start date, period_end date, issue_date date,
            due_date date, amount_minor bigint, note text)
     ON CONFLICT (dedupe_key) DO NOTHING`,
    scope.orgId,
    scope.siteId,
    scope.currency,
    JSON.stringify(
      bills.map((b) => ({
        id: b.id,
        dedupe_key: b.dedupeKey,
        lease_id: b.leaseId,
        customer_id: b.customerId,
        fee_code: b.feeCode,
        period_start: b.periodStart,
        period_end: b.periodEnd,
        issue_date: b.issueDate,
        due_date: b.dueDate,
        amount_minor: b.amountMinor,
        note: b.note,
      })),
    ),
    createdAt.toISOString(),
  );
  if (inserted !== bills.length)
    throw conflict("a bill of the import was issued meanwhile", [
      { field: "bills", message: "a lease, fee and period was billed meanwhile: send again" },
    ]);
}

/** Inserts the credits, each counting from its `effectiveAt`. */
export async function insertOpeningCredits(
  tx: Tx,
  scope: { orgId: string; siteId: string },
  credits: readonly OpeningCreditRow[],
): Promise<void> {
  if (credits.length === 0) return;
  const inserted = await tx.$executeRawUnsafe(
    `INSERT INTO prepayment_entries (id, org_id, site_id, customer_id, lease_id, amount_minor,
                                     kind, reference, effective_at)
     SELECT r.id, $1, $2, r.customer_id, r.lease_id, r.amount_minor, 'opening', r.reference,
            r.effective_at
       FROM jsonb_to_recordset($3::jsonb) AS r(id text, customer_id text, lease_id text,
            amount_minor bigint, reference text, effective_at timestamptz)
     ON CONFLICT (kind, reference) DO NOTHING`,
    scope.orgId,
    scope.siteId,
    JSON.stringify(
      credits.map((c) => ({
        id: c.id,
        customer_id: c.customerId,
        lease_id: c.leaseId,
        amount_minor: c.amountMinor,
        reference: c.reference,
        effective_at: c.effectiveAt,
      })),
    ),
  );
  if (inserted !== credits.length)
    throw conflict("a prepayment of the import was credited meanwhile", [
      { field: "prepayments", message: "a row was credited meanwhile: send again" },
    ]);
}

/**
 * Whether anything happened to these bills or credits since they were imported: money put
 * against a bill (even if taken back), a waiver or credit note, a late fee, a flag or a balance
 * change; credit of the same customer (and lease) spent, refunded or withdrawn after the import
 * credited it. The bills are locked first, so no writer changes them before the caller decides.
 */
export async function touchedSinceImport(
  tx: Tx,
  billIds: readonly string[],
  creditIds: readonly string[],
): Promise<boolean> {
  if (billIds.length > 0) {
    await tx.$queryRawUnsafe(
      `SELECT id FROM bills WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`,
      billIds,
    );
  }
  const [row] = await tx.$queryRawUnsafe<{ touched: boolean }[]>(
    `SELECT EXISTS (
              SELECT 1 FROM bills b
               WHERE b.id = ANY($1::text[])
                 AND (b.version > 0 OR b.overdue OR b.status <> 'open'
                      OR EXISTS (SELECT 1 FROM allocations a WHERE a.bill_id = b.id)
                      OR EXISTS (SELECT 1 FROM waivers w WHERE w.bill_id = b.id)
                      OR EXISTS (SELECT 1 FROM late_fee_accruals l WHERE l.bill_id = b.id)
                      OR EXISTS (SELECT 1 FROM bills r WHERE r.related_bill_id = b.id)))
         OR EXISTS (
              SELECT 1 FROM prepayment_entries o
                JOIN prepayment_entries p
                  ON p.site_id = o.site_id AND p.customer_id = o.customer_id
                 AND p.lease_id IS NOT DISTINCT FROM o.lease_id
                 AND p.amount_minor < 0 AND p.created_at >= o.created_at
               WHERE o.id = ANY($2::text[]))
       AS touched`,
    billIds,
    creditIds,
  );
  return row?.touched ?? false;
}

/**
 * An allocation (alias `a`) that is the import settling itself: credit the customer held (an
 * opening prepayment of the import, or one from before it) put against an opening bill by the
 * system as billing heard of the import's leases (settle-prepayments: the allocation's payment is
 * the `applied` prepayment debit), not taken back. Rolling the import back takes it back with
 * the bill — the credit is the customer's again, or goes with the import.
 */
const settledByImport = (a: string) =>
  `(${a}.source = 'prepayment' AND ${a}.reversed_at IS NULL
    AND EXISTS (SELECT 1 FROM prepayment_entries d
                 WHERE d.id = ${a}.payment_id AND d.kind = 'applied'))`;

/**
 * Deletes the bills and credits an import made, and the import's settling of its bills from
 * credit (see {@link settledByImport}); nothing else refers to untouched ones.
 */
export async function deleteOpeningBalances(
  tx: Tx,
  billIds: readonly string[],
  creditIds: readonly string[],
): Promise<void> {
  if (billIds.length > 0) {
    const settled = await tx.$queryRawUnsafe<{ id: string; payment_id: string }[]>(
      `SELECT a.id, a.payment_id FROM allocations a
        WHERE a.bill_id = ANY($1::text[]) AND ${settledByImport("a")}`,
      billIds,
    );
    if (settled.length > 0) {
      await tx.$executeRawUnsafe(
        `DELETE FROM allocations WHERE id = ANY($1::text[])`,
        settled.map((a) => a.id),
      );
      await tx.$executeRawUnsafe(
        `DELETE FROM prepayment_entries WHERE id = ANY($1::text[]) AND kind = 'applied'`,
        settled.map((a) => a.payment_id),
      );
    }
    await tx.$executeRawUnsafe(`DELETE FROM bills WHERE id = ANY($1::text[])`, billIds);
  }
  if (creditIds.length > 0)
    await tx.$executeRawUnsafe(
      `DELETE FROM prepayment_entries WHERE id = ANY($1::text[]) AND kind = 'opening'`,
      creditIds,
    );
}

/** The ids a rollback of an import checks: what the batch made, and what it named. */
export interface RollbackScope {
  orgId: string;
  /** The batch's opening bills and prepayment credits. */
  billIds: readonly string[];
  creditIds: readonly string[];
  /** The import's leases and the customers it made. */
  leaseIds: readonly string[];
  customerIds: readonly string[];
}

/** What a kind of bill is, in words. */
const billKindWords: Record<string, string> = {
  charge: "a billing run's charge",
  adjustment: "an adjustment",
  late_fee: "a late fee",
  penalty: "a penalty",
  utility: "a meter bill",
  opening_arrears: "another import's opening bill",
};

/**
 * What happened since an import to what it brought in, in words, at most `limit` of them (none:
 * it can be taken back whole):
 * - an opening bill of the batch had money put against it (a payment, a deposit or credit, even
 *   if taken back since), a waiver or credit note, a late fee or any other bill related to it,
 *   or its balance changed;
 * - an opening credit of the batch was spent, refunded or withdrawn (a debit of the same customer
 *   and lease after it);
 * - a bill not of the batch exists for one of the import's leases or customers (a billing run,
 *   a meter bill, an adjustment or penalty from a lease event, another import);
 * - a prepayment entry not of the batch exists for one of the import's customers, or for one of
 *   its leases (an overpayment on it).
 * Being marked overdue is no use: the late-fee step marks arrears past due within the hour, and
 * the bill goes with the rollback. Nor is the import settling itself: credit put against its
 * opening bills by the system as billing heard of its leases ({@link settledByImport}), taken
 * back with them. The batch's bills are locked first, so no payment, waiver or
 * late fee changes them before the caller decides.
 */
export async function usesSinceImport(
  tx: Tx,
  scope: RollbackScope,
  limit: number,
): Promise<string[]> {
  const { billIds, creditIds, leaseIds, customerIds } = scope;
  if (billIds.length > 0) {
    await tx.$queryRawUnsafe(
      `SELECT id FROM bills WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`,
      billIds,
    );
  }
  const uses: string[] = [];
  const left = () => limit - uses.length;

  const bills = await tx.$queryRawUnsafe<
    {
      id: string;
      paid: boolean;
      waived: boolean;
      late_fees: boolean;
      related: string | null;
      changed: boolean;
    }[]
  >(
    `SELECT * FROM (
       SELECT b.id,
              EXISTS (SELECT 1 FROM allocations a WHERE a.bill_id = b.id
                         AND NOT (${settledByImport("a")})) AS paid,
              EXISTS (SELECT 1 FROM waivers w WHERE w.bill_id = b.id) AS waived,
              EXISTS (SELECT 1 FROM late_fee_accruals l WHERE l.bill_id = b.id) AS late_fees,
              (SELECT string_agg(r.id, ', ' ORDER BY r.id) FROM bills r
                WHERE r.related_bill_id = b.id) AS related,
              (b.version > (SELECT count(*) FROM allocations a WHERE a.bill_id = b.id
                              AND ${settledByImport("a")})
               OR b.status NOT IN ('open', 'paid')) AS changed
         FROM bills b WHERE b.id = ANY($1::text[])) u
      WHERE paid OR waived OR late_fees OR related IS NOT NULL OR changed
      ORDER BY id LIMIT $2`,
    billIds,
    left(),
  );
  for (const bill of bills) {
    const what = [
      ...(bill.paid ? ["had money put against it"] : []),
      ...(bill.waived ? ["had a waiver or credit note"] : []),
      ...(bill.late_fees ? ["was charged late fees"] : []),
      ...(bill.related ? [`has related bills (${bill.related})`] : []),
    ];
    uses.push(`opening bill ${bill.id} ${what.length > 0 ? what.join(", ") : "changed"} since`);
  }
  if (left() <= 0) return uses;

  const spent = await tx.$queryRawUnsafe<{ id: string; customer_id: string; debit: string }[]>(
    `SELECT o.id, o.customer_id, d.kind || ' ' || d.id AS debit
       FROM prepayment_entries o
       JOIN LATERAL (
              SELECT p.id, p.kind FROM prepayment_entries p
               WHERE p.site_id = o.site_id AND p.customer_id = o.customer_id
                 AND p.lease_id IS NOT DISTINCT FROM o.lease_id
                 AND p.amount_minor < 0 AND p.created_at >= o.created_at
                 AND NOT EXISTS (SELECT 1 FROM allocations a
                                  WHERE a.payment_id = p.id AND a.bill_id = ANY($3::text[])
                                    AND ${settledByImport("a")})
               ORDER BY p.created_at, p.id LIMIT 1) d ON true
      WHERE o.id = ANY($1::text[])
      ORDER BY o.id LIMIT $2`,
    creditIds,
    left(),
    billIds,
  );
  for (const credit of spent)
    uses.push(
      `opening prepayment ${credit.id} of customer ${credit.customer_id} was spent since (${credit.debit})`,
    );
  if (left() <= 0 || (leaseIds.length === 0 && customerIds.length === 0)) return uses;

  const others = await tx.$queryRawUnsafe<
    { id: string; kind: string; lease_id: string | null; customer_id: string }[]
  >(
    `SELECT id, kind::text AS kind, lease_id, customer_id FROM bills
      WHERE org_id = $1
        AND (lease_id = ANY($2::text[]) OR customer_id = ANY($3::text[]))
        AND NOT (id = ANY($4::text[]))
        AND (related_bill_id IS NULL OR NOT (related_bill_id = ANY($4::text[])))
      ORDER BY created_at, id LIMIT $5`,
    scope.orgId,
    leaseIds,
    customerIds,
    billIds,
    left(),
  );
  for (const bill of others) {
    const whose =
      bill.lease_id && leaseIds.includes(bill.lease_id)
        ? `lease ${bill.lease_id}`
        : `customer ${bill.customer_id}`;
    const kind = billKindWords[bill.kind] ?? bill.kind;
    uses.push(`${whose} was billed since: bill ${bill.id} (${kind}) is not of the import`);
  }
  if (left() <= 0) return uses;

  // The import's leases' customers too, so the (customer, lease) index finds an overpayment on
  // one of its leases by a customer the import did not make.
  const entries = await tx.$queryRawUnsafe<
    { id: string; kind: string; customer_id: string; lease_id: string | null }[]
  >(
    `SELECT p.id, p.kind, p.customer_id, p.lease_id FROM prepayment_entries p
      WHERE p.org_id = $1
        AND p.customer_id = ANY($3::text[] || ARRAY(
              SELECT customer_id FROM billing_leases WHERE id = ANY($2::text[])))
        AND (p.customer_id = ANY($3::text[]) OR p.lease_id = ANY($2::text[]))
        AND NOT (p.id = ANY($4::text[]))
        AND NOT EXISTS (
              SELECT 1 FROM prepayment_entries o
               WHERE o.id = ANY($4::text[]) AND o.customer_id = p.customer_id
                 AND o.lease_id IS NOT DISTINCT FROM p.lease_id
                 AND p.amount_minor < 0 AND p.created_at >= o.created_at)
      ORDER BY p.created_at, p.id LIMIT $5`,
    scope.orgId,
    leaseIds,
    customerIds,
    creditIds,
    left(),
  );
  for (const entry of entries) {
    const whose = customerIds.includes(entry.customer_id)
      ? `customer ${entry.customer_id}`
      : `lease ${entry.lease_id}`;
    uses.push(`${whose} has a prepayment entry not of the import: ${entry.kind} ${entry.id}`);
  }
  return uses;
}
