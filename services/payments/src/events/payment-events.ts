import { type EventEnvelope, EventTypes, type PaymentV1 } from "@slms/contracts";
import { newEvent } from "@slms/db";
import { toSafeNumber } from "../domain/money.ts";
import type { Payment } from "../generated/prisma/client.ts";

function paymentData(row: Payment): PaymentV1 {
  return {
    paymentId: row.id,
    siteId: row.siteId,
    customerId: row.customerId,
    leaseId: row.leaseId,
    method: row.method,
    amountMinor: toSafeNumber(row.amountMinor),
    currency: row.currency,
    receivedAt: row.receivedAt.toISOString(),
    receiptNumber: row.receiptNumber,
    ...(row.reversalReason ? { reason: row.reversalReason } : {}),
  };
}

/** `payments.payment.recorded`: money arrived and has a receipt number. */
export const paymentRecorded = (actor: string, row: Payment): EventEnvelope =>
  newEvent(
    EventTypes.PaymentRecorded,
    { orgId: row.orgId, siteId: row.siteId, actor },
    paymentData(row),
  );

/** `payments.payment.reversed`: the payment is undone and its receipt void; `reason` says why. */
export const paymentReversed = (actor: string, row: Payment): EventEnvelope =>
  newEvent(
    EventTypes.PaymentReversed,
    { orgId: row.orgId, siteId: row.siteId, actor },
    paymentData(row),
  );
