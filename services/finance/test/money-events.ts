import {
  type BillBalanceChangedV1,
  type BillIssuedV1,
  type DepositEntryV1,
  type EventEnvelope,
  EventTypes,
  type PaymentV1,
  type PrepaymentRefundedV1,
} from "@slms/contracts";
import { newEvent } from "@slms/db";

/** Readable money events of billing and payments, as their services publish them. */
export interface At {
  orgId: string;
  siteId: string;
  customerId?: string;
  leaseId?: string;
}

const scope = (at: At) => ({ orgId: at.orgId, siteId: at.siteId, actor: "usr_staff" });

export function billIssued(at: At, billId: string, amountMinor = 650_000): EventEnvelope {
  const data: BillIssuedV1 = {
    billId,
    siteId: at.siteId,
    leaseId: at.leaseId ?? "lea_1",
    customerId: at.customerId ?? "cus_1",
    feeCode: "RENT",
    kind: "rent",
    periodStart: "2026-02-01",
    periodEnd: "2026-02-28",
    issueDate: "2026-01-22",
    dueDate: "2026-02-05",
    currency: "CNY",
    amountMinor,
  };
  return newEvent(EventTypes.BillIssued, scope(at), data);
}

/** A payment of `allocatedMinor` put against a bill of 650,000. */
export function billAllocated(at: At, billId: string, allocatedMinor: number): EventEnvelope {
  const data: BillBalanceChangedV1 = {
    billId,
    siteId: at.siteId,
    leaseId: at.leaseId ?? "lea_1",
    customerId: at.customerId ?? "cus_1",
    feeCode: "RENT",
    kind: "rent",
    periodStart: "2026-02-01",
    periodEnd: "2026-02-28",
    issueDate: "2026-01-22",
    dueDate: "2026-02-05",
    currency: "CNY",
    version: 1,
    change: "allocated",
    at: "2026-02-03T02:00:00.000Z",
    amountMinor: 650_000,
    allocatedMinor,
    waivedMinor: 0,
    amountDeltaMinor: 0,
    allocatedDeltaMinor: allocatedMinor,
    waivedDeltaMinor: 0,
  };
  return newEvent(EventTypes.BillBalanceChanged, scope(at), data);
}

export function payment(
  at: At,
  type: typeof EventTypes.PaymentRecorded | typeof EventTypes.PaymentReversed,
  paymentId: string,
  amountMinor = 300_000,
): EventEnvelope {
  const data: PaymentV1 = {
    paymentId,
    siteId: at.siteId,
    customerId: at.customerId ?? "cus_1",
    leaseId: at.leaseId ?? "lea_1",
    method: "bank_transfer",
    amountMinor,
    currency: "CNY",
    receivedAt: "2026-02-03T02:00:00.000Z",
    receiptNumber: "R-0001",
    ...(type === EventTypes.PaymentReversed ? { reason: "bounced" } : {}),
  };
  return newEvent(type, scope(at), data);
}

export function depositEntry(
  at: At,
  type: DepositEntryV1["type"],
  amountMinor = 1_300_000,
): EventEnvelope {
  const data: DepositEntryV1 = {
    entryId: `dep_${type}`,
    siteId: at.siteId,
    leaseId: at.leaseId ?? "lea_1",
    customerId: at.customerId ?? "cus_1",
    type,
    amountMinor,
    heldMinor: type === "received" ? amountMinor : 0,
    currency: "CNY",
  };
  const types = {
    received: EventTypes.DepositReceived,
    applied: EventTypes.DepositApplied,
    refunded: EventTypes.DepositRefunded,
    forfeited: EventTypes.DepositForfeited,
  } as const;
  return newEvent(types[type], scope(at), data);
}

export function prepaymentRefunded(at: At, refundId: string, amountMinor = 20_000): EventEnvelope {
  const data: PrepaymentRefundedV1 = {
    refundId,
    siteId: at.siteId,
    customerId: at.customerId ?? "cus_1",
    leaseId: at.leaseId ?? "lea_1",
    method: "alipay",
    amountMinor,
    currency: "CNY",
    reason: "退还预付款",
  };
  return newEvent(EventTypes.PrepaymentRefunded, scope(at), data);
}
