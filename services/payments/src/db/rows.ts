import { toSafeNumber } from "../domain/money.ts";
import type { DepositEntryView, PaymentView, RefundView } from "../domain/views.ts";
import type {
  DepositEntry,
  Payment,
  PaymentAllocation,
  Refund,
} from "../generated/prisma/client.ts";

export type PaymentRow = Payment & { allocations: PaymentAllocation[] };

/** Rows as views: bigints become safe integers. */
export const paymentView = (row: PaymentRow): PaymentView => ({
  id: row.id,
  orgId: row.orgId,
  siteId: row.siteId,
  customerId: row.customerId,
  leaseId: row.leaseId,
  method: row.method,
  amountMinor: toSafeNumber(row.amountMinor),
  currency: row.currency,
  receivedAt: row.receivedAt,
  payer: row.payer,
  reference: row.reference,
  status: row.status,
  receiptNumber: row.receiptNumber,
  allocationStatus: row.allocationStatus,
  allocations: [...row.allocations]
    .sort((a, b) => a.position - b.position)
    .map((a) => ({ billId: a.billId, amountMinor: toSafeNumber(a.amountMinor) })),
  prepaidMinor: row.prepaidMinor === null ? 0 : toSafeNumber(row.prepaidMinor),
  reversalReason: row.reversalReason,
  reversedAt: row.reversedAt,
  reversedBy: row.reversedBy,
  recordedBy: row.recordedBy,
  leaseReference: row.leaseReference,
  recordedByName: row.recordedByName,
  createdAt: row.createdAt,
});

export const refundView = (row: Refund): RefundView => ({
  id: row.id,
  siteId: row.siteId,
  customerId: row.customerId,
  leaseId: row.leaseId,
  amountMinor: toSafeNumber(row.amountMinor),
  currency: row.currency,
  method: row.method,
  reason: row.reason,
  createdAt: row.createdAt,
});

export const depositEntryView = (row: DepositEntry): DepositEntryView => ({
  id: row.id,
  leaseId: row.leaseId,
  type: row.type,
  amountMinor: toSafeNumber(row.amountMinor),
  reference: row.reference,
  note: row.note,
  actor: row.actor,
  createdAt: row.createdAt,
});
