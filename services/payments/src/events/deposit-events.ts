import { type DepositEntryV1, type EventEnvelope, EventTypes } from "@slms/contracts";
import { newEvent } from "@slms/db";
import { toSafeNumber } from "../domain/money.ts";
import type { DepositEntry } from "../generated/prisma/client.ts";

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
  };
  return newEvent(
    typeOf[row.type],
    { orgId: row.orgId, siteId: row.siteId, actor: row.actor },
    data,
  );
}
