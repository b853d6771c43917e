import { EventTypes } from "@slms/contracts";
import { newEvent } from "@slms/db";
import type { BillView } from "../db/bills.ts";

export const billIssued = (actor: string, orgId: string, bill: BillView) =>
  newEvent(
    EventTypes.BillIssued,
    { actor, orgId, siteId: bill.siteId },
    {
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
    },
  );

export const billPaid = (actor: string, orgId: string, bill: BillView, paidAt: Date) =>
  newEvent(
    EventTypes.BillPaid,
    { actor, orgId, siteId: bill.siteId },
    {
      billId: bill.id,
      siteId: bill.siteId,
      leaseId: bill.leaseId,
      customerId: bill.customerId,
      amountMinor: bill.amountMinor,
      paidAt: paidAt.toISOString(),
    },
  );

export const billOverdue = (actor: string, orgId: string, bill: BillView) =>
  newEvent(
    EventTypes.BillOverdue,
    { actor, orgId, siteId: bill.siteId },
    {
      billId: bill.id,
      siteId: bill.siteId,
      leaseId: bill.leaseId,
      customerId: bill.customerId,
      dueDate: bill.dueDate,
      balanceMinor: bill.balanceMinor,
    },
  );

export const billWaived = (
  actor: string,
  orgId: string,
  bill: BillView,
  waiverId: string,
  amountMinor: number,
  reason: string,
) =>
  newEvent(
    EventTypes.BillWaived,
    { actor, orgId, siteId: bill.siteId },
    {
      billId: bill.id,
      siteId: bill.siteId,
      customerId: bill.customerId,
      waiverId,
      amountMinor,
      reason,
    },
  );
