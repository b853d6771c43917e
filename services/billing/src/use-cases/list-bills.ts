import { pageTokens } from "@slms/db";
import { parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { fromDbDate, toDbDate } from "@slms/primitives/zoned";
import { z } from "zod";
import { type BillView, billView, siteToday } from "../db/bills.ts";
import type { BillingDeps } from "../deps.ts";
import { date, id } from "../domain/fields.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { requireCustomerOfSite, requireLeaseOfSite, requireSiteInScope } from "../site-scope.ts";

const input = z.object({
  siteId: id,
  pageSize: z.number().int().default(0),
  pageToken: z.string().optional(),
  status: z.enum(["open", "paid", "waived"]).optional(),
  leaseId: id.optional(),
  customerId: id.optional(),
  periodFrom: date.optional(),
  periodTo: date.optional(),
  overdue: z.boolean().optional(),
});

export type ListBillsRequest = z.input<typeof input>;

/** Where a page ended, in the list's order: the last bill's due date, creation time and id. */
const tokens = pageTokens({ d: "date", c: "instant", i: "id" });

/**
 * A site's bills, oldest due first, filtered and paged (keyset on due date, creation, id). A
 * lease or customer filter must name a lease or customer of the site (a lease of that customer,
 * when both are given) — NOT_FOUND naming the field otherwise; one billing has no bills for yet
 * lists nothing. A page token that this list did not issue is `invalid` naming `pageToken`.
 */
export async function listBills(
  deps: BillingDeps,
  caller: Caller,
  request: ListBillsRequest,
): Promise<{ items: BillView[]; nextPageToken: string | null }> {
  const data = parseInput(input, request, "filter");
  const { siteId } = data;
  requireSiteInScope(caller, siteId);
  const after = tokens.decode(data.pageToken);
  if (data.leaseId) {
    await requireLeaseOfSite(deps, caller, siteId, data.leaseId, {
      ...(data.customerId ? { customerId: data.customerId } : {}),
    });
  }
  if (data.customerId) await requireCustomerOfSite(deps, caller, siteId, data.customerId);
  const size = Math.min(Math.max(data.pageSize || 100, 1), 500);
  const today = await siteToday(deps.db, siteId, deps.clock());
  // Overdue (as billView says): open, and flagged by the late-fee step or past due today.
  const overdueNow: Prisma.BillWhereInput = {
    status: "open",
    OR: [{ overdue: true }, { dueDate: { lt: toDbDate(today) } }],
  };
  const key = after
    ? { dueDate: toDbDate(after.d), createdAt: new Date(after.c), id: after.i }
    : null;
  const where: Prisma.BillWhereInput = {
    orgId: caller.orgId,
    siteId,
    ...(data.status ? { status: data.status } : {}),
    ...(data.leaseId ? { leaseId: data.leaseId } : {}),
    ...(data.customerId ? { customerId: data.customerId } : {}),
    ...(data.periodFrom || data.periodTo
      ? {
          periodStart: {
            ...(data.periodFrom ? { gte: toDbDate(data.periodFrom) } : {}),
            ...(data.periodTo ? { lte: toDbDate(data.periodTo) } : {}),
          },
        }
      : {}),
    AND: [
      ...(data.overdue === undefined ? [] : [data.overdue ? overdueNow : { NOT: overdueNow }]),
      ...(key
        ? [
            {
              OR: [
                { dueDate: { gt: key.dueDate } },
                { dueDate: key.dueDate, createdAt: { gt: key.createdAt } },
                { dueDate: key.dueDate, createdAt: key.createdAt, id: { gt: key.id } },
              ],
            },
          ]
        : []),
    ],
  };
  const rows = await deps.db.bill.findMany({
    where,
    orderBy: [{ dueDate: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    take: size + 1,
  });
  const last = rows[size - 1];
  return {
    items: rows.slice(0, size).map((row) => billView(row, today)),
    nextPageToken:
      rows.length > size && last
        ? tokens.encode({
            d: fromDbDate(last.dueDate),
            c: last.createdAt.toISOString(),
            i: last.id,
          })
        : null,
  };
}
