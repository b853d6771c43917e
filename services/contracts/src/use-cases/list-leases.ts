import { leaseTextLimits } from "@slms/contracts";
import { SETTLE_HORIZON_SQL, type UpdateKeyset, updateKeyset, updateKeysetToken } from "@slms/db";
import { invalid, notFound, parseInput } from "@slms/errors";
import { type Caller, canSeeSite } from "@slms/grpc";
import { isDateInRange } from "@slms/primitives/bounds";
import { z } from "zod";
import { fromDbDate, type LeaseView, leaseInclude, leaseView, toDbDate } from "../db/leases.ts";
import type { ContractsDeps } from "../deps.ts";
import { type LeaseStatus, Prisma } from "../generated/prisma/client.ts";
import { civilDateInput, idInput } from "../input/fields.ts";

export interface ListLeasesRequest {
  pageSize?: number;
  pageToken?: string;
  status?: LeaseStatus;
  customerId?: string;
  unitId?: string;
  /** Active leases ending on or before this date. */
  endingBy?: string;
  /**
   * RFC 3339: only leases updated at or after it, by (updated_at, id), settled ones only
   * (@slms/db updateKeyset). Unset: newest start first.
   */
  updatedSince?: string;
}

const statuses = ["draft", "active", "expired", "terminated"] as const;

const input = z.object({
  siteId: idInput,
  pageSize: z.number().int().optional(),
  pageToken: z
    .string()
    .max(leaseTextLimits.pageToken, "is not a token this API issued")
    .regex(/^[A-Za-z0-9_-]*$/, "is not a token this API issued")
    .optional(),
  status: z.enum(statuses, `must be one of ${statuses.join(", ")}`).optional(),
  customerId: idInput.optional(),
  unitId: idInput.optional(),
  endingBy: civilDateInput.optional(),
  updatedSince: z.string().optional(),
});

/**
 * A site's leases, newest start first, filtered, one page at a time (keyset on start date, id).
 * With `updatedSince`, those updated since then instead, ordered by (updated_at, id) and older
 * than the settle horizon (deps.syncSettleMs), for a client syncing incrementally.
 */
export async function listLeases(
  deps: ContractsDeps,
  caller: Caller,
  siteId: string,
  request: ListLeasesRequest,
): Promise<{ items: LeaseView[]; nextPageToken: string | null }> {
  if (!canSeeSite(caller, siteId)) throw notFound("site");
  parseInput(input, { ...request, siteId }, "filter");
  const size = Math.min(Math.max(request.pageSize || 100, 1), 500);
  const updated = updateKeyset(request, deps.syncSettleMs);
  const after = updated ? null : decodeToken(request.pageToken);
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
  if (updated) return byUpdateTime(deps, where, updated, size);
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

/**
 * The leases matching `where` by (updated_at, id), at or after `since` and stamped before the
 * settle horizon (@slms/db updateKeyset) — read first (a horizon a moment early is only stricter).
 * Served by (site_id, updated_at, id).
 */
async function byUpdateTime(
  deps: ContractsDeps,
  where: Prisma.LeaseWhereInput,
  keyset: UpdateKeyset,
  size: number,
): Promise<{ items: LeaseView[]; nextPageToken: string | null }> {
  const [clock] = await deps.db.$queryRaw<{ horizon: Date }[]>`
    SELECT ${Prisma.raw(SETTLE_HORIZON_SQL)} - ${keyset.settleMs}::int * interval '1 millisecond' AS horizon`;
  const after = keyset.after;
  const rows = await deps.db.lease.findMany({
    where: {
      AND: [
        where,
        { updatedAt: { gte: keyset.since, lt: clock!.horizon } },
        after
          ? {
              OR: [
                { updatedAt: { gt: after.updatedAt } },
                { updatedAt: after.updatedAt, id: { gt: after.id } },
              ],
            }
          : {},
      ],
    },
    include: leaseInclude,
    orderBy: [{ updatedAt: "asc" }, { id: "asc" }],
    take: size + 1,
  });
  const last = rows[size - 1];
  return {
    items: rows.slice(0, size).map(leaseView),
    nextPageToken: rows.length > size && last ? updateKeysetToken(last) : null,
  };
}

/** The position a page token names; anything this API did not issue is "invalid", never a query. */
function decodeToken(token: string | undefined): { startDate: string; id: string } | null {
  if (!token) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    parsed = undefined;
  }
  const { s, i } = (parsed ?? {}) as { s?: unknown; i?: unknown };
  if (isDateInRange(s) && idInput.safeParse(i).success) return { startDate: s, id: i as string };
  throw invalid("invalid page token", [
    { field: "pageToken", message: "is not a token this API issued" },
  ]);
}
