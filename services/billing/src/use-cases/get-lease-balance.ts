import { notFound } from "@slms/errors";
import { type Caller, canSeeSite } from "@slms/grpc";
import { toDbDate, todayIn } from "@slms/primitives/zoned";
import { prepaymentBalance } from "../db/ledger.ts";
import type { BillingDeps } from "../deps.ts";

/** What a lease owes now, how much of it is overdue, and its prepayment. */
export async function getLeaseBalance(
  deps: BillingDeps,
  caller: Caller,
  siteId: string,
  leaseId: string,
): Promise<{ openMinor: number; overdueMinor: number; prepaymentMinor: number; currency: string }> {
  if (!canSeeSite(caller, siteId)) throw notFound("lease");
  const lease = await deps.db.billingLease.findFirst({
    where: { id: leaseId, siteId, orgId: caller.orgId },
  });
  if (!lease) throw notFound("lease");
  // Overdue today: past its due date in the lease's time zone (flagged or not yet).
  const today = toDbDate(todayIn(lease.timeZone, deps.clock()));
  const rows = await deps.db.$queryRaw<{ open: bigint; overdue: bigint }[]>`
    SELECT coalesce(sum(amount_minor - allocated_minor - waived_minor), 0)::bigint AS open,
           coalesce(sum(amount_minor - allocated_minor - waived_minor)
             FILTER (WHERE overdue OR due_date < ${today}::date), 0)::bigint AS overdue
    FROM bills WHERE lease_id = ${leaseId} AND status = 'open'`;
  return {
    openMinor: Number(rows[0]?.open ?? 0n),
    overdueMinor: Number(rows[0]?.overdue ?? 0n),
    prepaymentMinor: await prepaymentBalance(deps.db, siteId, lease.customerId, leaseId),
    currency: lease.currency,
  };
}
