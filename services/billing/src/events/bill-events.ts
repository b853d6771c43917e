import { type EventEnvelope, EventTypes } from "@slms/contracts";
import { uuidv7 } from "@slms/db";
import { currentTraceparent } from "@slms/telemetry";
import type { BillView } from "../db/bills.ts";

function envelope(
  type: string,
  actor: string,
  orgId: string,
  siteId: string,
  data: object,
): EventEnvelope {
  return {
    id: uuidv7(),
    type,
    version: 1,
    occurredAt: new Date().toISOString(),
    orgId,
    siteId,
    actor,
    traceparent: currentTraceparent(),
    data: data as Record<string, unknown>,
  };
}

export const billIssued = (actor: string, orgId: string, bill: BillView) =>
  envelope(EventTypes.BillIssued, actor, orgId, bill.siteId, {
    billId: bill.id,
    siteId: bill.siteId,
    leaseId: bill.leaseId,
    customerId: bill.customerId,
    feeCode: bill.feeCode,
    kind: bill.kind,
    periodStart: bill.periodStart,
    periodEnd: bill.periodEnd,
    issueDate: bill.issueDate,
    dueDate: bill.dueDate,
    currency: bill.currency,
    amountMinor: bill.amountMinor,
  });

export const billPaid = (actor: string, orgId: string, bill: BillView, paidAt: Date) =>
  envelope(EventTypes.BillPaid, actor, orgId, bill.siteId, {
    billId: bill.id,
    siteId: bill.siteId,
    leaseId: bill.leaseId,
    customerId: bill.customerId,
    amountMinor: bill.amountMinor,
    paidAt: paidAt.toISOString(),
  });

export const billOverdue = (actor: string, orgId: string, bill: BillView) =>
  envelope(EventTypes.BillOverdue, actor, orgId, bill.siteId, {
    billId: bill.id,
    siteId: bill.siteId,
    leaseId: bill.leaseId,
    customerId: bill.customerId,
    dueDate: bill.dueDate,
    balanceMinor: bill.balanceMinor,
  });

export const billWaived = (
  actor: string,
  orgId: string,
  bill: BillView,
  waiverId: string,
  amountMinor: number,
  reason: string,
) =>
  envelope(EventTypes.BillWaived, actor, orgId, bill.siteId, {
    billId: bill.id,
    siteId: bill.siteId,
    customerId: bill.customerId,
    waiverId,
    amountMinor,
    reason,
  });
