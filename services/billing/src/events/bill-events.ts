import {
  type BillBalanceChangedV1,
  type BillIssuedV1,
  type BillingRunCompletedV1,
  EventTypes,
  type WaiverRequestedV1,
} from "@slms/contracts";
import { newEvent } from "@slms/db";
import type { BillView } from "../db/bills.ts";
import type { RunView } from "../db/runs.ts";
import type { WaiverView } from "../db/waivers.ts";
import type { Bill, FeeItem } from "../generated/prisma/client.ts";

/** What `billing.bill.issued` says of a bill. */
export const billIssuedData = (
  bill: Pick<
    BillView,
    | "id"
    | "siteId"
    | "leaseId"
    | "customerId"
    | "feeCode"
    | "kind"
    | "periodStart"
    | "periodEnd"
    | "issueDate"
    | "dueDate"
    | "currency"
    | "amountMinor"
  >,
): BillIssuedV1 => ({
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

export const billIssued = (actor: string, orgId: string, bill: BillView) =>
  newEvent(EventTypes.BillIssued, { actor, orgId, siteId: bill.siteId }, billIssuedData(bill));

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

/** `billing.bill.balance_changed`: the bill after a ledger move (`before` is the row before it). */
export const billBalanceChanged = (
  actor: string,
  before: Bill,
  after: BillView & { version: number },
  change: BillBalanceChangedV1["change"],
  at: Date,
) =>
  newEvent(EventTypes.BillBalanceChanged, { actor, orgId: before.orgId, siteId: after.siteId }, {
    billId: after.id,
    siteId: after.siteId,
    leaseId: after.leaseId,
    customerId: after.customerId,
    feeCode: after.feeCode,
    kind: after.kind,
    periodStart: after.periodStart,
    periodEnd: after.periodEnd,
    issueDate: after.issueDate,
    dueDate: after.dueDate,
    currency: after.currency,
    version: after.version,
    change,
    at: at.toISOString(),
    amountMinor: after.amountMinor,
    allocatedMinor: after.allocatedMinor,
    waivedMinor: after.waivedMinor,
    amountDeltaMinor: after.amountMinor - Number(before.amountMinor),
    allocatedDeltaMinor: after.allocatedMinor - Number(before.allocatedMinor),
    waivedDeltaMinor: after.waivedMinor - Number(before.waivedMinor),
  } satisfies BillBalanceChangedV1);

export const feeItemChanged = (actor: string, item: FeeItem) =>
  newEvent(
    EventTypes.FeeItemChanged,
    { actor, orgId: item.orgId, siteId: null },
    {
      feeItemId: `${item.orgId}:${item.code}`,
      code: item.code,
      name: item.name,
      nameZh: item.nameZh,
      category: item.category,
      active: item.active,
    },
  );

/** `billing.run.completed`: a run (not a dry run) finished or failed; `totals` per currency. */
export const billingRunCompleted = (
  orgId: string,
  run: RunView & { actor: string },
  siteIds: readonly string[],
  totals: BillingRunCompletedV1["totals"],
) =>
  newEvent(EventTypes.BillingRunCompleted, { actor: run.actor, orgId, siteId: run.siteId }, {
    runId: run.id,
    siteId: run.siteId,
    siteIds: [...siteIds],
    targetDate: run.targetDate,
    failed: run.status === "failed",
    candidates: run.total,
    done: run.done,
    issued: run.issued,
    issuedMinor: run.issuedMinor,
    totals,
    startedBy: run.actor,
    startedAt: run.startedAt.toISOString(),
    finishedAt: (run.finishedAt ?? run.startedAt).toISOString(),
  } satisfies BillingRunCompletedV1);

/** `billing.waiver.requested`: a staff waiver of the bill waits for an approver. */
export const waiverRequested = (orgId: string, bill: Bill, waiver: WaiverView) =>
  newEvent(EventTypes.WaiverRequested, { actor: waiver.requestedBy, orgId, siteId: bill.siteId }, {
    waiverId: waiver.id,
    billId: bill.id,
    siteId: bill.siteId,
    customerId: bill.customerId,
    leaseId: bill.leaseId,
    amountMinor: waiver.amountMinor,
    currency: bill.currency,
    reason: waiver.reason,
    requestedBy: waiver.requestedBy,
    requestedAt: waiver.createdAt.toISOString(),
  } satisfies WaiverRequestedV1);
