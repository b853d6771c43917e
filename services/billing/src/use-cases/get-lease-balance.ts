import { parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { toDbDate, todayIn } from "@slms/primitives/zoned";
import { z } from "zod";
import { prepaymentBalance } from "../db/ledger.ts";
import type { BillingDeps } from "../deps.ts";
import { id } from "../domain/fields.ts";
import { requireLeaseOfSite, requireSiteInScope } from "../site-scope.ts";

const input = z.object({ siteId: id, leaseId: id });

/**
 * What a lease of the request's site owes now, how much of it is overdue, and its prepayment. A
 * lease billing has not seen activated (a draft the contracts service knows at the site) owes
 * nothing yet: a zero balance. Any other lease is NOT_FOUND naming `leaseId`.
 */
export async function getLeaseBalance(
  deps: BillingDeps,
  caller: Caller,
  request: z.input<typeof input>,
): Promise<{ openMinor: number; overdueMinor: number; prepaymentMinor: number; currency: string }> {
  const { siteId, leaseId } = parseInput(input, request, "request");
  requireSiteInScope(caller, siteId, "lease");
  const { known: lease, currency } = await requireLeaseOfSite(deps, caller, siteId, leaseId);
  if (!lease) return { openMinor: 0, overdueMinor: 0, prepaymentMinor: 0, currency };
  // Overdue today: past its due date in the lease's time zone (flagged or not yet).
  const today = toDbDate(todayIn(lease.timeZone, deps.clock()));
  const rows = await deps.db.$queryRaw<{ open: bigint; overdue: bigint }[]>`
    SELECT coalesce(sum(amount_minor - allocated_minor - waived_minor), 0)::bigint AS open,
           coalesce(sum(amount_minor - allocated_minor - waived_minor)
             FILTER (WHERE overdue OR due_date < ${today}::date), 0)::bigint AS overdue
    FROM bills WHERE lease_id = ${leaseId} AND site_id = ${siteId} AND status = 'open'`;
  return {
    openMinor: Number(rows[0]?.open ?? 0n),
    overdueMinor: Number(rows[0]?.overdue ?? 0n),
    prepaymentMinor: await prepaymentBalance(deps.db, siteId, lease.customerId, leaseId),
    currency,
  };
}
