import { fromProtoEnum, toProtoEnum } from "@slms/contracts";
import type { DepositEntry, Payment, Refund } from "@slms/contracts/payments";
import { type PaymentMethodName, paymentMethods } from "../domain/payment-methods.ts";
import type { DepositEntryView, PaymentView, RefundView } from "../domain/views.ts";

/** Views → proto messages. Timestamps are RFC 3339 strings; enums proto-named; absent is "". */
export const toPayment = (p: PaymentView): Payment => ({
  id: p.id,
  siteId: p.siteId,
  customerId: p.customerId,
  leaseId: p.leaseId ?? "",
  method: toProtoEnum<Payment["method"]>("PAYMENT_METHOD", p.method),
  amountMinor: p.amountMinor,
  currencyCode: p.currency,
  receivedAt: p.receivedAt.toISOString(),
  payer: p.payer,
  reference: p.reference,
  status: p.status,
  receiptNumber: p.receiptNumber,
  allocations: p.allocations,
  prepaidMinor: p.prepaidMinor,
  reversalReason: p.reversalReason ?? "",
  recordedBy: p.recordedBy,
  createdAt: p.createdAt.toISOString(),
  leaseReference: p.leaseReference,
  recordedByName: p.recordedByName,
  reversedAt: p.reversedAt?.toISOString() ?? "",
  reversedBy: p.reversedBy ?? "",
});

export const toRefund = (r: RefundView): Refund => ({
  id: r.id,
  customerId: r.customerId,
  leaseId: r.leaseId ?? "",
  amountMinor: r.amountMinor,
  method: toProtoEnum<Refund["method"]>("PAYMENT_METHOD", r.method),
  reason: r.reason,
  createdAt: r.createdAt.toISOString(),
});

export const toDepositEntry = (e: DepositEntryView): DepositEntry => ({
  id: e.id,
  type: toProtoEnum<DepositEntry["type"]>("DEPOSIT_ENTRY_TYPE", e.type),
  amountMinor: e.amountMinor,
  reference: e.reference,
  note: e.note,
  createdAt: e.createdAt.toISOString(),
  actor: e.actor,
});

/**
 * A proto PaymentMethod → its domain name. UNSPECIFIED or unknown passes through as the raw
 * string so the use-case's validation refuses it naming the field, instead of it being dropped.
 */
export function paymentMethodIn(value: string): PaymentMethodName {
  return fromProtoEnum("PAYMENT_METHOD", value, paymentMethods) ?? (value as PaymentMethodName);
}

/** For an optional method: UNSPECIFIED means absent. */
export function optionalPaymentMethodIn(value: string): PaymentMethodName | undefined {
  return value === "PAYMENT_METHOD_UNSPECIFIED" || value === ""
    ? undefined
    : paymentMethodIn(value);
}
