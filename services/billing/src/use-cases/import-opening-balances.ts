import { importedObjects, newId, openImportBatch, recordImportedRows, writeOutbox } from "@slms/db";
import { conflict, type FieldIssue, invalid, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import type { BillView } from "../db/bills.ts";
import { ensureFeeItems } from "../db/fee-items.ts";
import {
  billedKeys,
  creditedReferences,
  ImportKinds,
  insertOpeningBills,
  insertOpeningCredits,
  type OpeningBillRow,
  type OpeningCreditRow,
} from "../db/opening-balances.ts";
import type { BillingDeps } from "../deps.ts";
import { openingIssueDate } from "../domain/opening-arrears.ts";
import {
  type BillInput,
  dedupeKeyOf,
  type ImportOpeningBalancesRequest,
  input,
  type PrepaymentInput,
  parseRows,
} from "../domain/opening-balance-rows.ts";
import { billIssued } from "../events/bill-events.ts";
import { requireSiteInScope, siteFacts } from "../site-scope.ts";

/** A row of the batch and the object it made. */
export interface ImportedObject {
  key: string;
  id: string;
}

/**
 * Go-live import, billing's part: the opening balances of an import batch
 * (@slms/db imports.ts), all of a call's rows or none.
 *
 * - `bills` become bills of kind `opening_arrears`, one per lease, fee item and period
 *   (dedupe key `opening:<lease>:<fee>:<period start>`), open, at version 0, in the site's
 *   currency, each announced by `billing.bill.issued` (the payload every issued bill has) — held
 *   until the batch is released. Their issue date is the period's start, or the due date when
 *   that is earlier (domain `openingIssueDate`).
 *   From then on they are bills like any other: payments pay them oldest due first, the late-fee
 *   step treats them as any lease's bill (its rule, from its due date), statements and balances
 *   count them.
 * - `prepayments` become credits of the prepayment ledger (kind `opening`, the row key as the
 *   reference), counting from `effectiveAt`. Prepayment changes are not announced (no event).
 *
 * Leases and customers are taken as given: they are made in the same batch by contracts and
 * customers, whose events — billing's only source of them — are held until the release. Fee
 * codes must be of the organisation's catalogue. Every row is checked before anything is
 * written: each problem names `bills.<i>.<field>` or `prepayments.<i>.<field>`. A lease, fee and
 * period billed already (by another batch, a billing run, or twice in the call) names its
 * `periodStart`; an opening credit's key used by another batch names its `key` — a conflict when
 * it is in the database, invalid when in the call. Rows sent again in the batch are not made
 * twice: their first objects are answered.
 */
export async function importOpeningBalances(
  deps: BillingDeps,
  caller: Caller,
  request: ImportOpeningBalancesRequest,
): Promise<{ bills: ImportedObject[]; prepayments: ImportedObject[] }> {
  const head = parseInput(input, request, "opening balances");
  const { siteId, batchId } = head;
  requireSiteInScope(caller, siteId);
  const rows = parseRows(head);
  const issues = [...rows.issues, ...(await checkFeeCodes(deps, caller.orgId, rows.bills))];
  if (issues.length > 0) throw invalid("invalid opening balances", issues);
  const data = {
    bills: rows.bills as BillInput[],
    prepayments: rows.prepayments as PrepaymentInput[],
  };
  const { currency } = await siteFacts(deps, caller, siteId);
  const scope = { orgId: caller.orgId, siteId };

  return deps.db.$transaction(
    async (tx) => {
      await openImportBatch(tx, { batchId, ...scope });
      const madeBills = await importedObjects(
        tx,
        batchId,
        ImportKinds.bill,
        data.bills.map((b) => b.key),
      );
      const madeCredits = await importedObjects(
        tx,
        batchId,
        ImportKinds.prepayment,
        data.prepayments.map((p) => p.key),
      );

      const freshBills = data.bills
        .map((row, index) => ({ row, index }))
        .filter(({ row }) => !madeBills.has(row.key))
        .map(({ row, index }) => ({ index, bill: openingBill(row) }));
      const freshCredits = data.prepayments
        .map((row, index) => ({ row, index }))
        .filter(({ row }) => !madeCredits.has(row.key))
        .map(({ row, index }) => ({ index, credit: openingCredit(row) }));

      const billed = await billedKeys(
        tx,
        freshBills.map((b) => b.bill.dedupeKey),
      );
      const credited = await creditedReferences(
        tx,
        freshCredits.map((c) => c.credit.reference),
      );
      const conflicts: FieldIssue[] = [
        ...freshBills
          .filter(({ bill }) => billed.has(bill.dedupeKey))
          .map(({ index }) => ({
            field: `bills.${index}.periodStart`,
            message: "this lease, fee item and period is billed already",
          })),
        ...freshCredits
          .filter(({ credit }) => credited.has(credit.reference))
          .map(({ index }) => ({
            field: `prepayments.${index}.key`,
            message: "is the key of a prepayment another import credited",
          })),
      ];
      if (conflicts.length > 0) throw conflict("opening balances already recorded", conflicts);

      const bills = freshBills.map(({ bill }) => bill);
      const now = deps.clock();
      await insertOpeningBills(tx, { ...scope, currency }, bills, now);
      const events = bills.map((bill) =>
        billIssued(caller.actor, caller.orgId, issuedView(bill, siteId, currency, now)),
      );
      await writeOutbox(tx, events, { hold: true });
      await recordImportedRows(
        tx,
        batchId,
        ImportKinds.bill,
        bills.map((bill, i) => ({
          rowKey: data.bills[freshBills[i]!.index]!.key,
          objectId: bill.id,
          eventIds: [events[i]!.id],
        })),
      );

      const credits = freshCredits.map(({ credit }) => credit);
      await insertOpeningCredits(tx, scope, credits);
      await recordImportedRows(
        tx,
        batchId,
        ImportKinds.prepayment,
        credits.map((credit) => ({ rowKey: credit.reference, objectId: credit.id, eventIds: [] })),
      );

      const billIds = new Map(madeBills);
      for (const { index, bill } of freshBills) billIds.set(data.bills[index]!.key, bill.id);
      const creditIds = new Map([
        ...madeCredits,
        ...credits.map((c) => [c.reference, c.id] as const),
      ]);
      return {
        bills: data.bills.map((b) => ({ key: b.key, id: billIds.get(b.key)! })),
        prepayments: data.prepayments.map((p) => ({ key: p.key, id: creditIds.get(p.key)! })),
      };
    },
    { timeout: 120_000 },
  );
}

/** Fee codes not in the organisation's catalogue (active or not: arrears may be of a retired item). */
async function checkFeeCodes(
  deps: BillingDeps,
  orgId: string,
  bills: readonly (BillInput | null)[],
): Promise<FieldIssue[]> {
  if (bills.every((b) => b === null)) return [];
  await ensureFeeItems(deps.db, orgId);
  const known = new Set(
    (await deps.db.feeItem.findMany({ where: { orgId }, select: { code: true } })).map(
      (f) => f.code,
    ),
  );
  return bills.flatMap((b, i) =>
    b === null || known.has(b.feeCode)
      ? []
      : [{ field: `bills.${i}.feeCode`, message: "is not a fee item of the catalogue" }],
  );
}

function openingBill(row: BillInput): OpeningBillRow {
  return {
    id: newId("bil"),
    dedupeKey: dedupeKeyOf(row),
    leaseId: row.leaseId,
    customerId: row.customerId,
    feeCode: row.feeCode,
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
    issueDate: openingIssueDate(row.periodStart, row.dueDate),
    dueDate: row.dueDate,
    amountMinor: row.amountMinor,
    note: row.note || null,
  };
}

function openingCredit(row: PrepaymentInput): OpeningCreditRow {
  return {
    id: newId("ppe"),
    reference: row.key,
    customerId: row.customerId,
    leaseId: row.leaseId,
    amountMinor: row.amountMinor,
    effectiveAt: row.effectiveAt,
  };
}

/** The bill as just issued, for its `billing.bill.issued`. */
function issuedView(
  bill: OpeningBillRow,
  siteId: string,
  currency: string,
  createdAt: Date,
): BillView {
  return {
    id: bill.id,
    siteId,
    leaseId: bill.leaseId,
    customerId: bill.customerId,
    feeCode: bill.feeCode,
    kind: "opening_arrears",
    periodStart: bill.periodStart,
    periodEnd: bill.periodEnd,
    issueDate: bill.issueDate,
    dueDate: bill.dueDate,
    currency,
    amountMinor: bill.amountMinor,
    allocatedMinor: 0,
    waivedMinor: 0,
    balanceMinor: bill.amountMinor,
    status: "open",
    overdue: false,
    billingRunId: null,
    relatedBillId: null,
    note: bill.note,
    createdAt,
  };
}
