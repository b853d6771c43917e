import type { LeaseSnapshotV1 } from "@slms/contracts";
import { fromDbDate, toDbDate } from "@slms/primitives/zoned";
import type { Tx } from "../deps.ts";
import { type LineAdjustment, reconcileSchedule } from "../domain/adjustment.ts";
import type { Bill } from "../generated/prisma/client.ts";
import { ensureFeeItems } from "./fee-items.ts";
import { creditNote, issueBill, lockBills } from "./ledger.ts";

// Billing's copy of each lease and its schedule, as the `contracts.lease.*` events bring them.
// Periods already billed never change silently: a changed amount becomes an adjustment bill or a
// credit note on the original bill (domain `reconcileSchedule`).

export type Line = LeaseSnapshotV1["schedule"][number];
/** Whose a schedule line is. */
export type LeaseParties = Pick<LeaseSnapshotV1, "leaseId" | "siteId" | "customerId" | "currency">;

const chargeRow = (
  orgId: string,
  lease: LeaseParties,
  line: Omit<Line, "chargedDays" | "fullPeriodDays" | "versions">,
) => ({
  leaseId: lease.leaseId,
  feeCode: line.feeCode,
  periodStart: toDbDate(line.periodStart),
  periodEnd: toDbDate(line.periodEnd),
  amountMinor: BigInt(line.amountMinor),
  issueDate: toDbDate(line.issueDate),
  dueDate: toDbDate(line.dueDate),
  orgId,
  siteId: lease.siteId,
  customerId: lease.customerId,
  currency: lease.currency,
});

/**
 * Stores a lease as it starts (activated, or a renewal's successor): billing's copy with the
 * late-fee rule of its latest terms, and the schedule contracts computed — lines already stored
 * stay as they are, so a repeated event changes nothing.
 */
export async function storeLease(tx: Tx, orgId: string, lease: LeaseSnapshotV1): Promise<void> {
  await ensureFeeItems(tx, orgId);
  const lateFee = lease.versions.at(-1)!.terms.lateFee;
  const fields = {
    orgId,
    siteId: lease.siteId,
    customerId: lease.customerId,
    unitIds: lease.unitIds,
    currency: lease.currency,
    timeZone: lease.timeZone,
    status: "active",
    startDate: toDbDate(lease.startDate),
    endDate: toDbDate(lease.endDate),
    lateFee,
  };
  await tx.billingLease.upsert({
    where: { id: lease.leaseId },
    create: { id: lease.leaseId, ...fields },
    update: fields,
  });
  await tx.scheduledCharge.createMany({
    data: lease.schedule.map((line) => chargeRow(orgId, lease, line)),
    skipDuplicates: true,
  });
}

/** A lease's billed periods: the charge bill of each, and what it bills net of adjustments. */
async function billedPeriods(tx: Tx, leaseId: string) {
  const bills = await tx.bill.findMany({ where: { leaseId, kind: "charge" } });
  const ids = bills.map((b) => b.id);
  const extras = await tx.bill.findMany({
    where: { leaseId, kind: "adjustment", relatedBillId: { in: ids } },
    select: { relatedBillId: true, amountMinor: true },
  });
  const credits = await tx.waiver.findMany({
    where: { billId: { in: ids }, creditNote: true, status: "approved" },
    select: { billId: true, amountMinor: true },
  });
  const net = new Map(bills.map((b) => [b.id, b.amountMinor]));
  for (const extra of extras) {
    net.set(extra.relatedBillId!, net.get(extra.relatedBillId!)! + extra.amountMinor);
  }
  for (const credit of credits)
    net.set(credit.billId, net.get(credit.billId)! - credit.amountMinor);
  return new Map(
    bills.map((bill) => [
      `${bill.feeCode}:${fromDbDate(bill.periodStart)}`,
      { bill, netMinor: Number(net.get(bill.id)!) },
    ]),
  );
}

/**
 * The new schedule from an amendment (or the cut one from a termination) against what billing
 * has: billed periods whose amount changed get an adjustment bill or a credit note for the
 * difference to what was billed net of earlier adjustments (domain `reconcileSchedule`), pending
 * lines are replaced, and pending lines the schedule no longer has are cancelled.
 */
export async function reschedule(
  tx: Tx,
  actor: string,
  orgId: string,
  lease: LeaseParties & { schedule: readonly Line[] },
  change: { reason: string; tag: string; droppedAfter?: string },
) {
  const billed = await billedPeriods(tx, lease.leaseId);
  const pending = (
    await tx.scheduledCharge.findMany({ where: { leaseId: lease.leaseId, state: "scheduled" } })
  )
    .map((row) => ({
      feeCode: row.feeCode,
      periodStart: fromDbDate(row.periodStart),
      periodEnd: fromDbDate(row.periodEnd),
      amountMinor: Number(row.amountMinor),
      issueDate: fromDbDate(row.issueDate),
      dueDate: fromDbDate(row.dueDate),
    }))
    .filter((line) => !billed.has(`${line.feeCode}:${line.periodStart}`));
  const plan = reconcileSchedule({
    billed: [...billed.values()].map(({ bill, netMinor }) => ({
      feeCode: bill.feeCode,
      periodStart: fromDbDate(bill.periodStart),
      amountMinor: netMinor,
    })),
    pending,
    newSchedule: lease.schedule,
    ...(change.droppedAfter ? { droppedAfter: change.droppedAfter } : {}),
  });
  for (const line of plan.adjust) {
    const { bill } = billed.get(`${line.feeCode}:${line.periodStart}`)!;
    await adjust(tx, actor, bill, line.adjustment, change);
  }
  for (const line of plan.schedule) {
    const row = chargeRow(orgId, lease, line);
    await tx.scheduledCharge.upsert({
      where: {
        leaseId_feeCode_periodStart: {
          leaseId: row.leaseId,
          feeCode: row.feeCode,
          periodStart: row.periodStart,
        },
      },
      create: row,
      update: { ...row, state: "scheduled" },
    });
  }
  for (const line of plan.cancel) {
    await tx.scheduledCharge.update({
      where: {
        leaseId_feeCode_periodStart: {
          leaseId: lease.leaseId,
          feeCode: line.feeCode,
          periodStart: toDbDate(line.periodStart),
        },
      },
      data: { state: "cancelled" },
    });
  }
}

/**
 * A billed period whose amount changed: an adjustment bill for more, a credit note for less, on
 * the original bill — which itself never changes.
 */
async function adjust(
  tx: Tx,
  actor: string,
  bill: Bill,
  adjustment: LineAdjustment["adjustment"],
  change: { reason: string; tag: string },
) {
  if (adjustment.kind === "extra_bill") {
    await issueBill(tx, actor, {
      dedupeKey: `adj:${bill.id}:${change.tag}`,
      orgId: bill.orgId,
      siteId: bill.siteId,
      leaseId: bill.leaseId,
      customerId: bill.customerId,
      feeCode: bill.feeCode,
      kind: "adjustment",
      periodStart: fromDbDate(bill.periodStart),
      periodEnd: fromDbDate(bill.periodEnd),
      issueDate: fromDbDate(bill.issueDate),
      dueDate: fromDbDate(bill.dueDate),
      currency: bill.currency,
      amountMinor: adjustment.amountMinor,
      relatedBillId: bill.id,
      note: change.reason,
    });
  } else {
    const current = (await lockBills(tx, [bill.id])).get(bill.id)!;
    await creditNote(tx, actor, current, adjustment.amountMinor, change.reason);
  }
}
