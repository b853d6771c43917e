import {
  type EventEnvelope,
  EventTypes,
  type LeaseAmendedV1,
  type LeaseExpiredV1,
  type LeaseSnapshotV1,
  type LeaseTerminatedV1,
} from "@slms/contracts";
import { runOnce } from "@slms/db";
import type { Subscription } from "@slms/messaging";
import { fromDbDate, toDbDate } from "@slms/primitives/zoned";
import { ensureFeeItems } from "../db/fee-items.ts";
import { creditNote, issueBill } from "../db/ledger.ts";
import type { BillingDeps, Tx } from "../deps.ts";
import { settlePrepayments } from "../use-cases/settle-prepayments.ts";

export const leaseQueue = "billing.leases";

/**
 * Billing's view of leases, kept from `contracts.lease.*` events: the lease and its schedule.
 * Each event is applied once (inbox) in one transaction with its effects. Periods already billed
 * never change silently: a changed amount becomes an adjustment bill or a credit note.
 */
export function leaseSubscription(deps: BillingDeps): Subscription {
  return {
    queue: leaseQueue,
    bindings: ["contracts.lease.*"],
    handle: async (event) => {
      const result = await runOnce(deps.db, leaseQueue, event.id, (tx) =>
        applyLeaseEvent(tx, event),
      );
      if (result.duplicate) return;
      // Credit notes may have left prepayment, and new bills (penalty, adjustments) may be open.
      const customerId = (event.data as { customerId?: unknown }).customerId;
      if (typeof customerId === "string") {
        await settlePrepayments(deps, `system:billing (${event.type})`, { customerId });
      }
      deps.outboxWritten();
    },
  };
}

export async function applyLeaseEvent(tx: Tx, event: EventEnvelope): Promise<void> {
  const actor = `system:billing (${event.type})`;
  switch (event.type) {
    case EventTypes.LeaseActivated:
    case EventTypes.LeaseRenewed:
      return startLease(tx, event.orgId, event.data as unknown as LeaseSnapshotV1);
    case EventTypes.LeaseAmended:
      return amendLease(tx, actor, event.orgId, event.data as unknown as LeaseAmendedV1);
    case EventTypes.LeaseTerminated:
      return terminateLease(tx, actor, event.orgId, event.data as unknown as LeaseTerminatedV1);
    case EventTypes.LeaseExpired: {
      const data = event.data as unknown as LeaseExpiredV1;
      await tx.billingLease.updateMany({
        where: { id: data.leaseId, status: "active" },
        data: { status: "expired" },
      });
      return;
    }
    default:
      return; // expiring alerts and future event types are not billing's business
  }
}

type Line = LeaseSnapshotV1["schedule"][number];

const chargeRow = (orgId: string, lease: LeaseSnapshotV1, line: Line) => ({
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

const chargeKey = (leaseId: string, feeCode: string, periodStart: string) =>
  `charge:${leaseId}:${feeCode}:${periodStart}`;

async function startLease(tx: Tx, orgId: string, lease: LeaseSnapshotV1) {
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

/** The bill of a schedule line, if it has been issued. */
async function billOf(tx: Tx, leaseId: string, feeCode: string, periodStart: string) {
  return tx.bill.findUnique({ where: { dedupeKey: chargeKey(leaseId, feeCode, periodStart) } });
}

async function amendLease(tx: Tx, actor: string, orgId: string, lease: LeaseAmendedV1) {
  await tx.billingLease.update({
    where: { id: lease.leaseId },
    data: { lateFee: lease.versions.at(-1)!.terms.lateFee },
  });
  for (const line of lease.schedule) {
    const bill = await billOf(tx, lease.leaseId, line.feeCode, line.periodStart);
    if (!bill) {
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
        update: row,
      });
      continue;
    }
    await adjust(
      tx,
      actor,
      bill,
      line.amountMinor,
      `amendment v${lease.version} from ${lease.effectiveFrom}`,
      `v${lease.version}`,
    );
  }
}

/**
 * A billed period whose amount changed: the difference becomes an adjustment bill (more) or a
 * credit note (less) on the original — the original bill itself never changes.
 */
async function adjust(
  tx: Tx,
  actor: string,
  bill: Awaited<ReturnType<typeof billOf>> & object,
  newAmountMinor: number,
  reason: string,
  tag: string,
) {
  const difference = newAmountMinor - Number(bill.amountMinor);
  if (difference > 0) {
    await issueBill(tx, actor, {
      dedupeKey: `adj:${bill.id}:${tag}`,
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
      amountMinor: difference,
      relatedBillId: bill.id,
      note: reason,
    });
  } else if (difference < 0) {
    const [locked] = await tx.$queryRaw<
      { id: string }[]
    >`SELECT id FROM bills WHERE id = ${bill.id} FOR UPDATE`;
    if (!locked) return;
    const current = await tx.bill.findUniqueOrThrow({ where: { id: bill.id } });
    await creditNote(tx, actor, current, -difference, reason);
  }
}

async function terminateLease(tx: Tx, actor: string, orgId: string, data: LeaseTerminatedV1) {
  const lease = await tx.billingLease.update({
    where: { id: data.leaseId },
    data: { status: "terminated", terminationDate: toDbDate(data.terminationDate) },
  });
  const reason = `lease terminated on ${data.terminationDate}`;
  for (const cut of data.finalPeriods) {
    const bill = await billOf(tx, data.leaseId, cut.feeCode, cut.periodStart);
    if (bill) await adjust(tx, actor, bill, cut.proratedAmountMinor, reason, "termination");
    else {
      await tx.scheduledCharge.updateMany({
        where: {
          leaseId: data.leaseId,
          feeCode: cut.feeCode,
          periodStart: toDbDate(cut.periodStart),
        },
        data: { amountMinor: BigInt(cut.proratedAmountMinor), periodEnd: toDbDate(cut.newEnd) },
      });
    }
  }
  for (const dropped of data.droppedPeriods) {
    const bill = await billOf(tx, data.leaseId, dropped.feeCode, dropped.periodStart);
    if (bill) await adjust(tx, actor, bill, 0, reason, "termination");
    await tx.scheduledCharge.updateMany({
      where: {
        leaseId: data.leaseId,
        feeCode: dropped.feeCode,
        periodStart: toDbDate(dropped.periodStart),
      },
      data: { state: "cancelled" },
    });
  }
  if (data.penaltyMinor > 0) {
    await issueBill(tx, actor, {
      dedupeKey: `penalty:${data.leaseId}`,
      orgId,
      siteId: data.siteId,
      leaseId: data.leaseId,
      customerId: data.customerId,
      feeCode: "penalty",
      kind: "penalty",
      periodStart: data.terminationDate,
      periodEnd: data.terminationDate,
      issueDate: data.terminationDate,
      dueDate: data.terminationDate,
      currency: lease.currency,
      amountMinor: data.penaltyMinor,
      note: data.reason,
    });
  }
}
