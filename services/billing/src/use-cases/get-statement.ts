import { invalid, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { fromDbDate, todayIn } from "@slms/primitives/zoned";
import { z } from "zod";
import type { BillingDeps } from "../deps.ts";
import { date, id } from "../domain/fields.ts";
import { buildStatement, type LedgerEntry, type Statement } from "../domain/statement.ts";
import {
  requireCustomerOfSite,
  requireLeaseOfSite,
  requireSiteInScope,
  siteFacts,
} from "../site-scope.ts";

const input = z
  .object({
    siteId: id,
    customerId: id,
    leaseId: id.optional(),
    fromDate: date,
    toDate: date,
  })
  .refine((range) => range.toDate >= range.fromDate, {
    path: ["toDate"],
    message: "must be on or after fromDate",
  });

/**
 * A customer's statement for a date range (site time zone): opening balance, every charge,
 * payment, credit and prepayment movement, closing balance — from the bills, allocations,
 * waivers and prepayment ledger, so it always agrees with them. Money is dated by when it
 * arrived (a prepayment left by a payment counts from the payment's `receivedAt`).
 *
 * The customer must be of the request's site: one billing has a ledger for there (a lease, a
 * bill, a prepayment alone), or else one the customers service knows there — whose statement is
 * all zeros; NOT_FOUND otherwise. A `leaseId` must name a lease of that customer at the site.
 */
export async function getStatement(
  deps: BillingDeps,
  caller: Caller,
  request: z.input<typeof input>,
): Promise<Statement & { currency: string }> {
  const data = parseInput(input, request, "statement");
  const { siteId } = data;
  requireSiteInScope(caller, siteId);
  if (data.leaseId) {
    await requireLeaseOfSite(deps, caller, siteId, data.leaseId, { customerId: data.customerId });
  }
  const { hasLedger } = await requireCustomerOfSite(deps, caller, siteId, data.customerId);
  const site = await siteFacts(deps, caller, siteId);
  const currency = { currency: site.currency };
  if (!hasLedger) return { ...statementOf([], data.fromDate, data.toDate), ...currency };
  const day = (at: Date) => todayIn(site.timeZone, at);
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
    deps.db.prepaymentEntry.findMany({ where: scope, orderBy: { effectiveAt: "asc" } }),
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
      date: day(p.effectiveAt),
      kind: p.amountMinor >= 0n ? ("prepayment_in" as const) : ("prepayment_out" as const),
      amountMinor: Math.abs(Number(p.amountMinor)),
      reference: p.reference,
      description: `prepayment ${p.kind}`,
    })),
  ];
  return { ...statementOf(entries, data.fromDate, data.toDate), ...currency };
}

function statementOf(entries: LedgerEntry[], from: string, to: string): Statement {
  const statement = buildStatement(entries, from, to);
  if (!statement.ok) throw invalid("invalid statement range", statement.problems);
  return statement.value;
}
