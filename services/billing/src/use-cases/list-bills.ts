import { invalid, notFound } from "@slms/errors";
import { type Caller, canSeeSite } from "@slms/grpc";
import { isCivilDate } from "@slms/primitives/civil-date";
import { toDbDate } from "@slms/primitives/zoned";
import { type BillView, billView, siteToday } from "../db/bills.ts";
import type { BillingDeps } from "../deps.ts";
import type { BillStatus, Prisma } from "../generated/prisma/client.ts";

export interface ListBillsRequest {
  pageSize?: number;
  pageToken?: string;
  status?: BillStatus;
  leaseId?: string;
  customerId?: string;
  periodFrom?: string;
  periodTo?: string;
  overdue?: boolean;
}

/** A site's bills, oldest due first, filtered and paged (keyset on due date, creation, id). */
export async function listBills(
  deps: BillingDeps,
  caller: Caller,
  siteId: string,
  request: ListBillsRequest,
): Promise<{ items: BillView[]; nextPageToken: string | null }> {
  if (!canSeeSite(caller, siteId)) throw notFound("site");
  for (const field of ["periodFrom", "periodTo"] as const) {
    const value = request[field];
    if (value !== undefined && !isCivilDate(value))
      throw invalid("invalid filter", [{ field, message: "must be a date as YYYY-MM-DD" }]);
  }
  const size = Math.min(Math.max(request.pageSize || 100, 1), 500);
  const after = decode(request.pageToken);
  const today = await siteToday(deps.db, siteId, deps.clock());
  // Overdue (as billView says): open, and flagged by the late-fee step or past due today.
  const overdueNow: Prisma.BillWhereInput = {
    status: "open",
    OR: [{ overdue: true }, { dueDate: { lt: toDbDate(today) } }],
  };
  const where: Prisma.BillWhereInput = {
    orgId: caller.orgId,
    siteId,
    ...(request.status ? { status: request.status } : {}),
    ...(request.leaseId ? { leaseId: request.leaseId } : {}),
    ...(request.customerId ? { customerId: request.customerId } : {}),
    ...(request.periodFrom || request.periodTo
      ? {
          periodStart: {
            ...(request.periodFrom ? { gte: toDbDate(request.periodFrom) } : {}),
            ...(request.periodTo ? { lte: toDbDate(request.periodTo) } : {}),
          },
        }
      : {}),
    AND: [
      ...(request.overdue === undefined
        ? []
        : [request.overdue ? overdueNow : { NOT: overdueNow }]),
      ...(after
        ? [
            {
              OR: [
                { dueDate: { gt: after.dueDate } },
                { dueDate: after.dueDate, createdAt: { gt: after.createdAt } },
                { dueDate: after.dueDate, createdAt: after.createdAt, id: { gt: after.id } },
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
        ? Buffer.from(
            JSON.stringify({
              d: last.dueDate.toISOString(),
              c: last.createdAt.toISOString(),
              i: last.id,
            }),
          ).toString("base64url")
        : null,
  };
}

function decode(token: string | undefined): { dueDate: Date; createdAt: Date; id: string } | null {
  if (!token) return null;
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as Record<
      string,
      unknown
    >;
    if (
      typeof parsed.d === "string" &&
      typeof parsed.c === "string" &&
      typeof parsed.i === "string"
    ) {
      return { dueDate: new Date(parsed.d), createdAt: new Date(parsed.c), id: parsed.i };
    }
  } catch {
    // fall through
  }
  throw invalid("invalid page token", [
    { field: "pageToken", message: "is not a token this API issued" },
  ]);
}
