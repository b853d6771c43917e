import { createHash } from "node:crypto";
import {
  billBalanceChangedV1,
  billIssuedV1,
  depositEntryV1,
  type EventEnvelope,
  EventTypes,
  paymentV1,
  prepaymentRefundedV1,
} from "@slms/contracts";
import { parseInput } from "@slms/errors";
import type { z } from "zod";

/** The events the change feed is made of (the consumer's bindings). */
export const feedEventTypes = [
  EventTypes.BillIssued,
  EventTypes.BillBalanceChanged,
  EventTypes.PaymentRecorded,
  EventTypes.PaymentReversed,
  EventTypes.DepositReceived,
  EventTypes.DepositApplied,
  EventTypes.DepositRefunded,
  EventTypes.DepositForfeited,
  EventTypes.PrepaymentRefunded,
] as const;

/** One change as the feed keeps it, before it has a position. */
export interface FeedItem {
  eventId: string;
  orgId: string;
  siteId: string;
  /** The event type without its service: `billing.bill.issued` → `bill.issued`. */
  kind: string;
  occurredAt: Date;
  customerId: string;
  leaseId: string | null;
  billId: string | null;
  paymentId: string | null;
  feeCode: string | null;
  method: string | null;
  /** What the change moves (see `Change.amount` in finance.proto). */
  amountMinor: number;
  currency: string;
  /** The event's data in full. */
  data: Record<string, unknown>;
}

/**
 * The feed item of an event of `feedEventTypes`; null for any other type (or a version this
 * service does not know). A payload that does not match its schema is `invalid`.
 *
 * Amounts: `bill.issued` the bill's amount; `bill.balance_changed` the balance's change
 * (amount Δ − allocated Δ − waived Δ: a payment of 300 allocated to a bill is −300);
 * `payment.*` the payment; `deposit.*` the ledger entry's amount; `prepayment.refunded` the money
 * paid back.
 */
export function feedItemOf(event: EventEnvelope): FeedItem | null {
  if (event.version !== 1) return null;
  const parse = <S extends z.ZodType>(schema: S) =>
    parseInput(schema, event.data, `event ${event.type}`);
  const base = {
    eventId: event.id,
    orgId: event.orgId,
    kind: event.type.slice(event.type.indexOf(".") + 1),
    occurredAt: new Date(event.occurredAt),
    data: event.data,
  };
  switch (event.type) {
    case EventTypes.BillIssued: {
      const bill = parse(billIssuedV1);
      return {
        ...base,
        siteId: bill.siteId,
        customerId: bill.customerId,
        leaseId: bill.leaseId,
        billId: bill.billId,
        paymentId: null,
        feeCode: bill.feeCode,
        method: null,
        amountMinor: bill.amountMinor,
        currency: bill.currency,
      };
    }
    case EventTypes.BillBalanceChanged: {
      const change = parse(billBalanceChangedV1);
      return {
        ...base,
        siteId: change.siteId,
        customerId: change.customerId,
        leaseId: change.leaseId,
        billId: change.billId,
        paymentId: null,
        feeCode: change.feeCode,
        method: null,
        amountMinor: change.amountDeltaMinor - change.allocatedDeltaMinor - change.waivedDeltaMinor,
        currency: change.currency,
      };
    }
    case EventTypes.PaymentRecorded:
    case EventTypes.PaymentReversed: {
      const payment = parse(paymentV1);
      return {
        ...base,
        siteId: payment.siteId,
        customerId: payment.customerId,
        leaseId: payment.leaseId,
        billId: null,
        paymentId: payment.paymentId,
        feeCode: null,
        method: payment.method,
        amountMinor: payment.amountMinor,
        currency: payment.currency,
      };
    }
    case EventTypes.DepositReceived:
    case EventTypes.DepositApplied:
    case EventTypes.DepositRefunded:
    case EventTypes.DepositForfeited: {
      const entry = parse(depositEntryV1);
      return {
        ...base,
        siteId: entry.siteId,
        customerId: entry.customerId,
        leaseId: entry.leaseId,
        billId: null,
        paymentId: null,
        feeCode: null,
        // How a deposit came in or went back; events of before carried none.
        method: entry.method ?? null,
        amountMinor: entry.amountMinor,
        currency: entry.currency,
      };
    }
    case EventTypes.PrepaymentRefunded: {
      const refund = parse(prepaymentRefundedV1);
      return {
        ...base,
        siteId: refund.siteId,
        customerId: refund.customerId,
        leaseId: refund.leaseId,
        billId: null,
        paymentId: null,
        feeCode: null,
        method: refund.method,
        amountMinor: refund.amountMinor,
        currency: refund.currency,
      };
    }
    default:
      return null;
  }
}

/** The kind of the item that takes back an item of a go-live import rolled back. */
export const ROLLED_BACK_KIND = "import.rolled_back";

/**
 * The item that takes back `original` — a change of a go-live import its owning service rolled
 * back — as announced by the rollback event (`rollback`): the same parties and bill, the amount
 * negated, at the time of the rollback, with the batch and the item it reverses in its data. Its
 * event id is derived from the rollback's and the original's, so a redelivered rollback appends
 * nothing twice.
 */
export function rolledBackItemOf(
  original: FeedItem & { position: number },
  rollback: { eventId: string; occurredAt: Date; batchId: string },
): FeedItem {
  return {
    eventId: derivedUuid(`${rollback.eventId}:${original.eventId}`),
    orgId: original.orgId,
    siteId: original.siteId,
    kind: ROLLED_BACK_KIND,
    occurredAt: rollback.occurredAt,
    customerId: original.customerId,
    leaseId: original.leaseId,
    billId: original.billId,
    paymentId: original.paymentId,
    feeCode: original.feeCode,
    method: original.method,
    amountMinor: -original.amountMinor,
    currency: original.currency,
    data: {
      batchId: rollback.batchId,
      reverses: { eventId: original.eventId, position: original.position, kind: original.kind },
    },
  };
}

/** A UUID (version 5 layout) from the SHA-256 of `name`: the same name, the same id. */
export function derivedUuid(name: string): string {
  const hex = createHash("sha256").update(name).digest("hex");
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
