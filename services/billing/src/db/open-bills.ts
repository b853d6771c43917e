import { fromDbDate } from "@slms/primitives/zoned";
import type { Tx } from "../deps.ts";
import type { OpenBill } from "../domain/allocation.ts";
import type { Bill } from "../generated/prisma/client.ts";
import { lockBills } from "./ledger.ts";

/**
 * The open bills a customer's money can pay, locked: of one lease, or — for money not tied to a
 * lease — every open bill of the customer at the site. Locking first means concurrent payments
 * of one customer queue up and each plans against the balances the other left.
 */
export async function lockOpenBills(
  tx: Tx,
  scope: { orgId: string; siteId: string; customerId: string; leaseId: string | null },
  alsoIds: readonly string[] = [],
): Promise<{ rows: Map<string, Bill>; open: OpenBill[] }> {
  const candidates = await tx.bill.findMany({
    where: {
      orgId: scope.orgId,
      siteId: scope.siteId,
      customerId: scope.customerId,
      status: "open",
      ...(scope.leaseId ? { leaseId: scope.leaseId } : {}),
    },
    select: { id: true },
  });
  const rows = await lockBills(tx, [...candidates.map((c) => c.id), ...alsoIds]);
  const open = [...rows.values()]
    .filter(
      (b) =>
        b.status === "open" &&
        b.orgId === scope.orgId &&
        b.siteId === scope.siteId &&
        b.customerId === scope.customerId &&
        (!scope.leaseId || b.leaseId === scope.leaseId),
    )
    .map((b) => ({
      id: b.id,
      dueDate: fromDbDate(b.dueDate),
      issueDate: fromDbDate(b.issueDate),
      periodStart: fromDbDate(b.periodStart),
      balanceMinor: Number(b.amountMinor - b.allocatedMinor - b.waivedMinor),
    }));
  return { rows, open };
}
