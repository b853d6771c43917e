import type { BillBalanceChangedV1 } from "@slms/contracts";
import { newId, writeOutbox } from "@slms/db";
import { toDbDate } from "@slms/primitives/zoned";
import type { Tx } from "../deps.ts";
import { billBalanceChanged, billIssued, billPaid, billWaived } from "../events/bill-events.ts";
import type { Bill, BillKind, BillStatus } from "../generated/prisma/client.ts";
import { type BillView, billView } from "./bills.ts";
import type { DbLike } from "./types.ts";

// The ledger's primitive moves. Each keeps, for its bill, allocated + waived ≤ amount and the
// status in line with the balance, under the bill's row lock, and writes its events in the same
// transaction — always `billing.bill.balance_changed` with the bill's next version. Use-cases
// compose them; nothing else updates those columns.

export interface NewBill {
  dedupeKey: string;
  orgId: string;
  siteId: string;
  leaseId: string | null;
  customerId: string;
  feeCode: string;
  kind: BillKind;
  periodStart: string;
  periodEnd: string;
  issueDate: string;
  dueDate: string;
  currency: string;
  amountMinor: number;
  billingRunId?: string;
  relatedBillId?: string;
  note?: string;
}

/** Issues a bill unless one with its dedupe key exists; returns the new bill, or null. */
export async function issueBill(tx: Tx, actor: string, bill: NewBill): Promise<BillView | null> {
  const rows = await tx.bill.createManyAndReturn({
    data: [
      {
        id: newId("bil"),
        ...bill,
        periodStart: toDbDate(bill.periodStart),
        periodEnd: toDbDate(bill.periodEnd),
        issueDate: toDbDate(bill.issueDate),
        dueDate: toDbDate(bill.dueDate),
        amountMinor: BigInt(bill.amountMinor),
      },
    ],
    skipDuplicates: true,
  });
  const row = rows[0];
  if (!row) return null;
  const view = billView(row);
  await writeOutbox(tx, billIssued(actor, bill.orgId, view));
  return view;
}

/** Locks bills (in id order, so writers never deadlock) and returns them by id. */
export async function lockBills(tx: Tx, ids: readonly string[]): Promise<Map<string, Bill>> {
  const sorted = [...new Set(ids)].sort();
  if (sorted.length === 0) return new Map();
  await tx.$queryRaw`SELECT id FROM bills WHERE id = ANY(${sorted}::text[]) ORDER BY id FOR UPDATE`;
  const rows = await tx.bill.findMany({ where: { id: { in: sorted } } });
  return new Map(rows.map((row) => [row.id, row]));
}

export function statusOf(amount: bigint, allocated: bigint, waived: bigint): BillStatus {
  if (allocated + waived > amount)
    throw new Error("allocated + waived would exceed the bill amount");
  if (allocated + waived < amount) return "open";
  return waived > 0n ? "waived" : "paid";
}

/** Writes a locked bill's new money columns, one version on, and announces the change. */
async function changeBalance(
  tx: Tx,
  actor: string,
  bill: Bill,
  data: Partial<Pick<Bill, "amountMinor" | "allocatedMinor" | "waivedMinor" | "periodEnd">>,
  change: BillBalanceChangedV1["change"],
  at: Date,
): Promise<Bill> {
  const amount = data.amountMinor ?? bill.amountMinor;
  const allocated = data.allocatedMinor ?? bill.allocatedMinor;
  const waived = data.waivedMinor ?? bill.waivedMinor;
  const row = await tx.bill.update({
    where: { id: bill.id },
    data: { ...data, status: statusOf(amount, allocated, waived), version: { increment: 1 } },
  });
  await writeOutbox(
    tx,
    billBalanceChanged(actor, bill, { ...billView(row), version: row.version }, change, at),
  );
  return row;
}

/**
 * Puts money against a locked bill (at most its balance; the caller plans amounts). Announces
 * `billing.bill.paid` when this brings the balance to zero.
 */
export async function allocate(
  tx: Tx,
  actor: string,
  bill: Bill,
  amountMinor: number,
  money: { paymentId: string; source: "payment" | "deposit" | "prepayment"; receivedAt: Date },
): Promise<Bill> {
  await tx.allocation.create({
    data: { id: newId("alc"), billId: bill.id, amountMinor: BigInt(amountMinor), ...money },
  });
  const allocatedMinor = bill.allocatedMinor + BigInt(amountMinor);
  const row = await changeBalance(
    tx,
    actor,
    bill,
    { allocatedMinor },
    "allocated",
    money.receivedAt,
  );
  if (row.status === "paid" && bill.status !== "paid")
    await writeOutbox(tx, billPaid(actor, row.orgId, billView(row), money.receivedAt));
  return row;
}

/**
 * Sets a locked bill's amount — a late-fee bill as its fees accrue or are corrected — never below
 * what is already allocated and waived on it (money taken stays taken). Announces
 * `billing.bill.paid` when the new amount leaves nothing to pay.
 */
export async function resizeBill(
  tx: Tx,
  actor: string,
  bill: Bill,
  amountMinor: bigint,
  at: Date,
  extra: { periodEnd?: Date } = {},
): Promise<Bill> {
  const settled = bill.allocatedMinor + bill.waivedMinor;
  const amount = amountMinor > settled ? amountMinor : settled;
  const status = statusOf(amount, bill.allocatedMinor, bill.waivedMinor);
  if (amount === bill.amountMinor && status === bill.status) {
    if (!extra.periodEnd) return bill;
    return tx.bill.update({ where: { id: bill.id }, data: extra });
  }
  const row = await changeBalance(
    tx,
    actor,
    bill,
    { amountMinor: amount, ...extra },
    "resized",
    at,
  );
  if (status === "paid" && bill.status !== "paid" && bill.allocatedMinor > 0n)
    await writeOutbox(tx, billPaid(actor, row.orgId, billView(row), at));
  return row;
}

/** Takes an allocation back (payment reversed): the bill reopens by that amount. */
export async function unallocate(
  tx: Tx,
  actor: string,
  bill: Bill,
  allocationId: string,
  amountMinor: number,
  at: Date,
): Promise<Bill> {
  await tx.allocation.update({ where: { id: allocationId }, data: { reversedAt: at } });
  const allocatedMinor = bill.allocatedMinor - BigInt(amountMinor);
  return changeBalance(tx, actor, bill, { allocatedMinor }, "unallocated", at);
}

/**
 * Applies an approved waiver or credit note to a locked bill, up to its balance. Returns how much
 * it applied; the caller decides what to do with any excess (a credit note on a paid bill becomes
 * prepayment).
 */
export async function waive(
  tx: Tx,
  actor: string,
  bill: Bill,
  waiverId: string,
  amountMinor: number,
  reason: string,
  at: Date,
): Promise<{ bill: Bill; applied: number }> {
  const balance = bill.amountMinor - bill.allocatedMinor - bill.waivedMinor;
  const applied = BigInt(Math.min(amountMinor, Number(balance)));
  if (applied <= 0n) return { bill, applied: 0 };
  const waivedMinor = bill.waivedMinor + applied;
  const row = await changeBalance(tx, actor, bill, { waivedMinor }, "waived", at);
  await writeOutbox(
    tx,
    billWaived(actor, row.orgId, billView(row), waiverId, Number(applied), reason),
  );
  return { bill: row, applied: Number(applied) };
}

/** The customer's prepayment balance (for one lease, or not tied to any when leaseId is null). */
export async function prepaymentBalance(
  tx: DbLike,
  siteId: string,
  customerId: string,
  leaseId: string | null,
): Promise<number> {
  // Credit never crosses sites: each site keeps its own books.
  const sum = await tx.prepaymentEntry.aggregate({
    where: { siteId, customerId, leaseId },
    _sum: { amountMinor: true },
  });
  return Number(sum._sum.amountMinor ?? 0n);
}

/**
 * A credit note from the system (amendment lowering a billed period, termination): a waiver that
 * is approved at once. What the bill's balance cannot absorb (it was paid) becomes prepayment.
 */
export async function creditNote(
  tx: Tx,
  actor: string,
  bill: Bill,
  amountMinor: number,
  reason: string,
): Promise<void> {
  const waiverId = newId("wav");
  const at = new Date();
  await tx.waiver.create({
    data: {
      id: waiverId,
      billId: bill.id,
      amountMinor: BigInt(amountMinor),
      reason,
      status: "approved",
      creditNote: true,
      requestedBy: actor,
      decidedBy: actor,
      decidedAt: at,
    },
  });
  const { applied } = await waive(tx, actor, bill, waiverId, amountMinor, reason, at);
  const excess = amountMinor - applied;
  if (excess > 0) {
    await tx.prepaymentEntry.create({
      data: {
        id: newId("ppe"),
        orgId: bill.orgId,
        siteId: bill.siteId,
        customerId: bill.customerId,
        leaseId: bill.leaseId,
        amountMinor: BigInt(excess),
        kind: "credit_note",
        reference: waiverId,
      },
    });
  }
}

/** Serialises every writer of one customer's prepayment credit (per lease) until commit. */
export async function lockCredit(
  tx: Tx,
  siteId: string,
  customerId: string,
  leaseId: string | null,
): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`prepayment:${siteId}:${customerId}:${leaseId ?? ""}`}))`;
}
