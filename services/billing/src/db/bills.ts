import type { Bill, BillStatus } from "../generated/prisma/client.ts";
import { fromDbDate } from "./dates.ts";

/** A bill as use-cases return it. */
export interface BillView {
  id: string;
  siteId: string;
  leaseId: string | null;
  customerId: string;
  feeCode: string;
  kind: string;
  periodStart: string;
  periodEnd: string;
  issueDate: string;
  dueDate: string;
  currency: string;
  amountMinor: number;
  allocatedMinor: number;
  waivedMinor: number;
  balanceMinor: number;
  status: BillStatus;
  overdue: boolean;
  billingRunId: string | null;
  relatedBillId: string | null;
  note: string | null;
  createdAt: Date;
}

export function billView(row: Bill): BillView {
  const amount = Number(row.amountMinor);
  const allocated = Number(row.allocatedMinor);
  const waived = Number(row.waivedMinor);
  return {
    id: row.id,
    siteId: row.siteId,
    leaseId: row.leaseId,
    customerId: row.customerId,
    feeCode: row.feeCode,
    kind: row.kind,
    periodStart: fromDbDate(row.periodStart),
    periodEnd: fromDbDate(row.periodEnd),
    issueDate: fromDbDate(row.issueDate),
    dueDate: fromDbDate(row.dueDate),
    currency: row.currency,
    amountMinor: amount,
    allocatedMinor: allocated,
    waivedMinor: waived,
    balanceMinor: amount - allocated - waived,
    status: row.status,
    overdue: row.overdue,
    billingRunId: row.billingRunId,
    relatedBillId: row.relatedBillId,
    note: row.note,
    createdAt: row.createdAt,
  };
}
