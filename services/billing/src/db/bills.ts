import { fromDbDate, toDbDate, todayIn } from "@slms/primitives/zoned";
import type { Bill, BillStatus, PrismaClient } from "../generated/prisma/client.ts";

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

/**
 * A bill as use-cases return it. `overdue`: open and past its due date — by `today` (the site's
 * date) when given, even before the late-fee step has flagged it. A paid bill is not overdue;
 * the `overdue` column only records that the step flagged it (and sent its event).
 */
export function billView(row: Bill, today?: string): BillView {
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
    overdue:
      row.status === "open" &&
      (row.overdue || (today !== undefined && row.dueDate < toDbDate(today))),
    billingRunId: row.billingRunId,
    relatedBillId: row.relatedBillId,
    note: row.note,
    createdAt: row.createdAt,
  };
}

/** Today at a site (its leases' time zone; UTC for a site billing has no lease of). */
export async function siteToday(db: PrismaClient, siteId: string, now: Date): Promise<string> {
  const lease = await db.billingLease.findFirst({ where: { siteId }, select: { timeZone: true } });
  return todayIn(lease?.timeZone ?? "UTC", now);
}
