import { fromProtoEnum, toProtoEnum } from "@slms/contracts";
import type { BillStatus, WaiverStatus } from "@slms/contracts/billing";
import type { BillView } from "../db/bills.ts";
import type { RunView } from "../db/runs.ts";
import type { WaiverView } from "../db/waivers.ts";
import type { BillHistory } from "../use-cases/list-bill-history.ts";

export const toBill = (b: BillView) => ({
  id: b.id,
  siteId: b.siteId,
  leaseId: b.leaseId ?? "",
  customerId: b.customerId,
  feeCode: b.feeCode,
  kind: b.kind,
  periodStart: b.periodStart,
  periodEnd: b.periodEnd,
  issueDate: b.issueDate,
  dueDate: b.dueDate,
  currencyCode: b.currency,
  amountMinor: b.amountMinor,
  allocatedMinor: b.allocatedMinor,
  waivedMinor: b.waivedMinor,
  balanceMinor: b.balanceMinor,
  status: toProtoEnum<BillStatus>("BILL_STATUS", b.status),
  overdue: b.overdue,
  billingRunId: b.billingRunId ?? "",
  createdAt: b.createdAt.toISOString(),
  relatedBillId: b.relatedBillId ?? "",
  note: b.note ?? "",
});

export const toBillHistory = (h: BillHistory) => ({
  bill: toBill(h.bill),
  version: h.version,
  movements: h.movements.map((m) => ({ ...m, at: m.at?.toISOString() ?? "" })),
});

export const toRun = (r: RunView) => ({
  id: r.id,
  siteId: r.siteId ?? "",
  targetDate: r.targetDate,
  dryRun: r.dryRun,
  status: r.status,
  total: r.total,
  done: r.done,
  issued: r.issued,
  issuedMinor: r.issuedMinor,
  startedAt: r.startedAt.toISOString(),
  finishedAt: r.finishedAt?.toISOString() ?? "",
  error: r.error ?? "",
});

export const toWaiver = (w: WaiverView) => ({
  id: w.id,
  billId: w.billId,
  amountMinor: w.amountMinor,
  reason: w.reason,
  status: toProtoEnum<WaiverStatus>("WAIVER_STATUS", w.status),
  requestedBy: w.requestedBy,
  decidedBy: w.decidedBy ?? "",
  createdAt: w.createdAt.toISOString(),
  decidedAt: w.decidedAt?.toISOString() ?? "",
});

export const billStatusIn = (value: string | undefined) =>
  value === undefined || value === "BILL_STATUS_UNSPECIFIED"
    ? undefined
    : (fromProtoEnum("BILL_STATUS", value, ["open", "paid", "waived"] as const) ?? undefined);
