import { invalid, notFound, parseInput } from "@slms/errors";
import { type Caller, canSeeSite } from "@slms/grpc";
import { isCivilDate } from "@slms/primitives/civil-date";
import { fromDbDate, todayIn } from "@slms/primitives/zoned";
import { z } from "zod";
import type { BillingDeps } from "../deps.ts";
import { buildStatement, type LedgerEntry, type Statement } from "../domain/statement.ts";

const input = z.object({
  customerId: z.string().min(1),
  leaseId: z.string().optional(),
  fromDate: z.string().refine(isCivilDate, "must be a date as YYYY-MM-DD"),
  toDate: z.string().refine(isCivilDate, "must be a date as YYYY-MM-DD"),
});

/**
 * A customer's statement for a date range (site time zone): opening balance, every charge,
 * payment, credit and prepayment movement, closing balance — from the bills, allocations,
 * waivers and prepayment ledger, so it always agrees with them.
 */
export async function getStatement(
  deps: BillingDeps,
  caller: Caller,
  siteId: string,
  request: z.input<typeof input>,
): Promise<Statement & { currency: string }> {
  const data = parseInput(input, request, "statement");
  if (!canSeeSite(caller, siteId)) throw notFound("site");
  const lease = await deps.db.billingLease.findFirst({
    where: {
      siteId,
      orgId: caller.orgId,
      customerId: data.customerId,
      ...(data.leaseId ? { id: data.leaseId } : {}),
    },
  });
  if (!lease) throw notFound(data.leaseId ? "lease" : "customer");
  const day = (at: Date) => todayIn(lease.timeZone, at);
  const leaseFilter = data.leaseId ? { leaseId: data.leaseId } : {};
  const scope = { orgId: caller.orgId, siteId, customerId: data.customerId, ...leaseFilter };
  const [bills, allocations, waivers, prepayments] = await Promise.all([
    deps.db.bill.findMany({ where: scope, orderBy: [{ issueDate: "asc" }, { id: "asc" }] }),
    deps.db.allocation.findMany({
      where: { bill: scope },
      include: { bill: { select: { feeCode: true } } },
      orderBy: { createdAt: "asc" },
    }),
    deps.db.waiver.findMany({
      where: { bill: scope, status: "approved" },
      orderBy: { decidedAt: "asc" },
    }),
    deps.db.prepaymentEntry.findMany({ where: scope, orderBy: { createdAt: "asc" } }),
  ]);
  const entries: LedgerEntry[] = [
    ...bills.map((b) => ({
      date: fromDbDate(b.issueDate),
      kind: "bill" as const,
      amountMinor: Number(b.amountMinor),
      reference: b.id,
      description: `${b.feeCode} ${fromDbDate(b.periodStart)}–${fromDbDate(b.periodEnd)}${b.kind === "charge" ? "" : ` (${b.kind})`}`,
    })),
    ...allocations.flatMap((a) => [
      {
        date: day(a.source === "prepayment" ? a.createdAt : a.receivedAt),
        kind: "allocation" as const,
        amountMinor: Number(a.amountMinor),
        reference: a.paymentId,
        description: `${a.source} to ${a.bill.feeCode} ${a.billId}`,
      },
      ...(a.reversedAt
        ? [
            {
              date: day(a.reversedAt),
              kind: "allocation_reversed" as const,
              amountMinor: Number(a.amountMinor),
              reference: a.paymentId,
              description: `reversed ${a.billId}`,
            },
          ]
        : []),
    ]),
    ...waivers.map((w) => ({
      date: day(w.decidedAt ?? w.createdAt),
      kind: "waiver" as const,
      amountMinor: Number(w.amountMinor),
      reference: w.id,
      description: w.creditNote ? `credit note: ${w.reason}` : `waiver: ${w.reason}`,
    })),
    ...prepayments.map((p) => ({
      date: day(p.createdAt),
      kind: p.amountMinor >= 0n ? ("prepayment_in" as const) : ("prepayment_out" as const),
      amountMinor: Math.abs(Number(p.amountMinor)),
      reference: p.reference,
      description: `prepayment ${p.kind}`,
    })),
  ];
  const statement = buildStatement(entries, data.fromDate, data.toDate);
  if (!statement.ok) throw invalid("invalid statement range", statement.problems);
  return { ...statement.value, currency: lease.currency };
}
