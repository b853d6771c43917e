import {
  type DepositEntryV1,
  type EventEnvelope,
  EventTypes,
  type PrepaymentRefundedV1,
} from "@slms/contracts";
import { newEvent } from "@slms/db";
import { toSafeNumber } from "../domain/money.ts";
import type { DepositEntry, Refund } from "../generated/prisma/client.ts";

const typeOf = {
  received: EventTypes.DepositReceived,
  applied: EventTypes.DepositApplied,
  refunded: EventTypes.DepositRefunded,
  forfeited: EventTypes.DepositForfeited,
} as const;

/** `payments.deposit.<type>`: a ledger entry and what the lease's deposit holds after it. */
export function depositEntryEvent(row: DepositEntry, heldMinor: number): EventEnvelope {
  const data: DepositEntryV1 = {
    entryId: row.id,
    siteId: row.siteId,
    leaseId: row.leaseId,
    customerId: row.customerId,
    type: row.type,
    amountMinor: toSafeNumber(row.amountMinor),
    heldMinor,
    currency: row.currency,
    method: row.method,
  };
  return newEvent(
    typeOf[row.type],
    { orgId: row.orgId, siteId: row.siteId, actor: row.actor },
    data,
  );
}

/** `payments.prepayment.refunded`: a completed refund of a customer's prepayment. */
export function prepaymentRefundedEvent(actor: string, row: Refund): EventEnvelope {
  const data: PrepaymentRefundedV1 = {
    refundId: row.id,
    siteId: row.siteId,
    customerId: row.customerId,
    leaseId: row.leaseId,
    method: row.method,
    amountMinor: toSafeNumber(row.amountMinor),
    currency: row.currency,
    reason: row.reason,
  };
  return newEvent(
    EventTypes.PrepaymentRefunded,
    { orgId: row.orgId, siteId: row.siteId, actor },
    data,
  );
}
