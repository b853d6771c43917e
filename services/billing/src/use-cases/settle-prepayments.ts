import { newId } from "@slms/db";
import { allocate, lockCredit, prepaymentBalance } from "../db/ledger.ts";
import { lockOpenBills } from "../db/open-bills.ts";
import type { BillingDeps } from "../deps.ts";
import { applyPrepayment } from "../domain/allocation.ts";
import { Prisma } from "../generated/prisma/client.ts";

/**
 * Lets prepayment balances settle open bills (oldest first): every customer (and lease) with a
 * credit and something open — or only those with bills from one billing run, or one customer.
 * Each customer is its own transaction with its bills locked, so it is safe next to payments
 * being allocated. For one customer only that customer's entries are read (by index): it runs
 * after every lease event and payment, and the whole table grows with every site's credits.
 */
export async function settlePrepayments(
  deps: BillingDeps,
  actor: string,
  only: { billingRunId?: string; customerId?: string } = {},
): Promise<number> {
  const billingRunId = only.billingRunId ?? null;
  const customerId = only.customerId ?? null;
  const pairs = await deps.db.$queryRaw<
    { org_id: string; site_id: string; customer_id: string; lease_id: string | null }[]
  >`
    SELECT p.org_id, p.site_id, p.customer_id, p.lease_id
    FROM prepayment_entries p
    ${customerId === null ? Prisma.empty : Prisma.sql`WHERE p.customer_id = ${customerId}`}
    GROUP BY p.org_id, p.site_id, p.customer_id, p.lease_id
    HAVING sum(p.amount_minor) > 0
       AND EXISTS (
         SELECT 1 FROM bills b
         WHERE b.customer_id = p.customer_id AND b.site_id = p.site_id AND b.status = 'open'
           AND (p.lease_id IS NULL OR b.lease_id = p.lease_id)
           AND (${billingRunId}::text IS NULL OR b.billing_run_id = ${billingRunId}::text)
       )`;
  let allocated = 0;
  for (const pair of pairs) {
    allocated += await deps.db.$transaction(async (tx) => {
      const scope = {
        orgId: pair.org_id,
        siteId: pair.site_id,
        customerId: pair.customer_id,
        leaseId: pair.lease_id,
      };
      const { rows, open } = await lockOpenBills(tx, scope);
      await lockCredit(tx, pair.site_id, pair.customer_id, pair.lease_id);
      const credit = await prepaymentBalance(tx, pair.site_id, pair.customer_id, pair.lease_id);
      const plan = applyPrepayment(Math.max(credit, 0), open);
      let total = 0;
      for (const line of plan.allocations) {
        const entryId = newId("ppe");
        await allocate(tx, actor, rows.get(line.billId)!, line.amountMinor, {
          paymentId: entryId,
          source: "prepayment",
          receivedAt: deps.clock(),
        });
        await tx.prepaymentEntry.create({
          data: {
            id: entryId,
            orgId: pair.org_id,
            siteId: pair.site_id,
            customerId: pair.customer_id,
            leaseId: pair.lease_id,
            amountMinor: -BigInt(line.amountMinor),
            kind: "applied",
            reference: entryId,
          },
        });
        total += line.amountMinor;
      }
      return total;
    });
  }
  if (allocated > 0) deps.outboxWritten();
  return allocated;
}
