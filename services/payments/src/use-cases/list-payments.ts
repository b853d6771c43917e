import { parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { boundsMessages, isDateInRange } from "@slms/primitives/bounds";
import { addDays } from "@slms/primitives/civil-date";
import { startOfDayIn } from "@slms/primitives/zoned";
import { z } from "zod";
import { leaseOfSite, partiesOf } from "../clients/references.ts";
import { paymentView } from "../db/rows.ts";
import { requireSiteInScope } from "../db/scope.ts";
import type { PaymentsDeps } from "../deps.ts";
import { id } from "../domain/fields.ts";
import { decodePageToken, encodePageToken, pageSize } from "../domain/paging.ts";
import type { Page, PaymentView } from "../domain/views.ts";
import type { Prisma } from "../generated/prisma/client.ts";

const localDate = z.string().refine(isDateInRange, boundsMessages.date).optional();
const input = z
  .object({
    customerId: id.optional(),
    leaseId: id.optional(),
    fromDate: localDate,
    toDate: localDate,
  })
  // Only once both are dates: a malformed one is already named.
  .refine((f) => !(isDateInRange(f.fromDate) && isDateInRange(f.toDate) && f.fromDate > f.toDate), {
    path: ["toDate"],
    message: "must not be before fromDate",
  });

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

/**
 * A site's payments, newest received first, filtered by customer, lease and local dates. A
 * customer or lease filter must name a customer or lease of the site (and the lease that
 * customer's), as their owners say: otherwise `not_found` naming the filter. A page token this
 * API did not issue is `invalid` naming `pageToken`.
 */
export async function listPayments(
  deps: PaymentsDeps,
  caller: Caller,
  siteId: string,
  request: ListPaymentsRequest,
): Promise<Page<PaymentView>> {
  const filter = parseInput(input, request, "payment filter");
  requireSiteInScope(caller, siteId);
  const size = pageSize(request.pageSize);
  const after = decodePageToken(request.pageToken);
  await checkFilters(deps, caller, siteId, filter);

  const received: Prisma.DateTimeFilter = {};
  if (filter.fromDate || filter.toDate) {
    const { timeZone } = await deps.sites.facts(caller, siteId);
    if (filter.fromDate) received.gte = startOfDayIn(filter.fromDate, timeZone);
    if (filter.toDate) received.lt = startOfDayIn(addDays(filter.toDate, 1), timeZone);
  }
  const rows = await deps.db.payment.findMany({
    where: {
      orgId: caller.orgId,
      siteId,
      ...(filter.customerId ? { customerId: filter.customerId } : {}),
      ...(filter.leaseId ? { leaseId: filter.leaseId } : {}),
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

/** The customer and lease filters, checked with their owners (all at once). */
async function checkFilters(
  deps: PaymentsDeps,
  caller: Caller,
  siteId: string,
  { customerId, leaseId }: z.output<typeof input>,
): Promise<void> {
  if (customerId) await partiesOf(deps, caller, siteId, { customerId, leaseId });
  else if (leaseId) await leaseOfSite(deps, caller, siteId, leaseId);
}
