import { invalid } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { addDays, isCivilDate } from "@slms/primitives/civil-date";
import { startOfDayIn } from "@slms/primitives/zoned";
import { paymentView } from "../db/rows.ts";
import { requireSiteInScope } from "../db/scope.ts";
import type { PaymentsDeps } from "../deps.ts";
import { decodePageToken, encodePageToken, pageSize } from "../domain/paging.ts";
import type { Page, PaymentView } from "../domain/views.ts";
import type { Prisma } from "../generated/prisma/client.ts";

export interface ListPaymentsRequest {
  pageSize?: number;
  pageToken?: string;
  customerId?: string;
  leaseId?: string;
  /** Received on or after this day (YYYY-MM-DD, the site's time zone). */
  fromDate?: string;
  /** Received on or before this day. */
  toDate?: string;
}

/** A site's payments, newest received first, filtered by customer, lease and local dates. */
export async function listPayments(
  deps: PaymentsDeps,
  caller: Caller,
  siteId: string,
  request: ListPaymentsRequest,
): Promise<Page<PaymentView>> {
  requireSiteInScope(caller, siteId);
  const issues = (["fromDate", "toDate"] as const).flatMap((field) => {
    const value = request[field];
    return value !== undefined && !isCivilDate(value)
      ? [{ field, message: "must be a date YYYY-MM-DD" }]
      : [];
  });
  if (
    issues.length === 0 &&
    request.fromDate &&
    request.toDate &&
    request.fromDate > request.toDate
  ) {
    issues.push({ field: "toDate", message: "must not be before fromDate" });
  }
  if (issues.length > 0) throw invalid("invalid payment filter", issues);
  const size = pageSize(request.pageSize);
  const after = decodePageToken(request.pageToken);

  const received: Prisma.DateTimeFilter = {};
  if (request.fromDate || request.toDate) {
    const { timeZone } = await deps.sites.facts(caller, siteId);
    if (request.fromDate) received.gte = startOfDayIn(request.fromDate, timeZone);
    if (request.toDate) received.lt = startOfDayIn(addDays(request.toDate, 1), timeZone);
  }
  const rows = await deps.db.payment.findMany({
    where: {
      orgId: caller.orgId,
      siteId,
      ...(request.customerId ? { customerId: request.customerId } : {}),
      ...(request.leaseId ? { leaseId: request.leaseId } : {}),
      ...(Object.keys(received).length > 0 ? { receivedAt: received } : {}),
      ...(after
        ? {
            OR: [
              { receivedAt: { lt: after.receivedAt } },
              { receivedAt: after.receivedAt, id: { lt: after.id } },
            ],
          }
        : {}),
    },
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    take: size + 1,
    include: { allocations: true },
  });
  const items = rows.slice(0, size).map(paymentView);
  const last = items.at(-1);
  return {
    items,
    nextPageToken: rows.length > size && last ? encodePageToken(last) : null,
  };
}
