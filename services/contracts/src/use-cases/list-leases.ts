import { invalid, notFound } from "@slms/errors";
import { type Caller, canSeeSite } from "@slms/grpc";
import { fromDbDate, type LeaseView, leaseInclude, leaseView, toDbDate } from "../db/leases.ts";
import type { ContractsDeps } from "../deps.ts";
import type { LeaseStatus, Prisma } from "../generated/prisma/client.ts";

export interface ListLeasesRequest {
  pageSize?: number;
  pageToken?: string;
  status?: LeaseStatus;
  customerId?: string;
  unitId?: string;
  /** Active leases ending on or before this date. */
  endingBy?: string;
}

const statuses: readonly string[] = ["draft", "active", "expired", "terminated"];

/** A site's leases, newest start first, filtered, one page at a time (keyset on start date, id). */
export async function listLeases(
  deps: ContractsDeps,
  caller: Caller,
  siteId: string,
  request: ListLeasesRequest,
): Promise<{ items: LeaseView[]; nextPageToken: string | null }> {
  if (!canSeeSite(caller, siteId)) throw notFound("site");
  if (request.status !== undefined && !statuses.includes(request.status)) {
    throw invalid("invalid filter", [
      { field: "status", message: `must be one of ${statuses.join(", ")}` },
    ]);
  }
  if (request.endingBy !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(request.endingBy)) {
    throw invalid("invalid filter", [
      { field: "endingBy", message: "must be a date as YYYY-MM-DD" },
    ]);
  }
  const size = Math.min(Math.max(request.pageSize || 100, 1), 500);
  const after = decodeToken(request.pageToken);
  const where: Prisma.LeaseWhereInput = {
    siteId,
    orgId: caller.orgId,
    ...(request.status ? { status: request.status } : {}),
    ...(request.customerId ? { customerId: request.customerId } : {}),
    ...(request.unitId ? { units: { some: { unitId: request.unitId } } } : {}),
    ...(request.endingBy ? { status: "active", endDate: { lte: toDbDate(request.endingBy) } } : {}),
    ...(after
      ? {
          OR: [
            { startDate: { lt: toDbDate(after.startDate) } },
            { startDate: toDbDate(after.startDate), id: { lt: after.id } },
          ],
        }
      : {}),
  };
  const rows = await deps.db.lease.findMany({
    where,
    include: leaseInclude,
    orderBy: [{ startDate: "desc" }, { id: "desc" }],
    take: size + 1,
  });
  const items = rows.slice(0, size).map(leaseView);
  const last = rows[size - 1];
  return {
    items,
    nextPageToken:
      rows.length > size && last
        ? Buffer.from(JSON.stringify({ s: fromDbDate(last.startDate), i: last.id })).toString(
            "base64url",
          )
        : null,
  };
}

function decodeToken(token: string | undefined): { startDate: string; id: string } | null {
  if (!token) return null;
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as {
      s?: unknown;
      i?: unknown;
    };
    if (typeof parsed.s === "string" && typeof parsed.i === "string")
      return { startDate: parsed.s, id: parsed.i };
  } catch {
    // fall through
  }
  throw invalid("invalid page token", [
    { field: "pageToken", message: "is not a token this API issued" },
  ]);
}
