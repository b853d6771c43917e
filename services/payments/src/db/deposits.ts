import { conflict } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { notFoundAs } from "../clients/references.ts";
import type { PaymentsDeps, Tx } from "../deps.ts";
import { toSafeNumber } from "../domain/money.ts";
import type { DepositAccount } from "../generated/prisma/client.ts";

/** No deposit held for the lease (or the lease is not the caller's to see): the same answer. */
export const noDepositHeld = () =>
  conflict("no deposit is held for this lease", [
    { field: "leaseId", message: "holds no deposit" },
  ]);

/**
 * Locks the lease's deposit account for the rest of the transaction, creating it on the first
 * deposit. Every ledger entry of a lease is written under this lock, one at a time. A lease is
 * one customer's at one site (the use cases check that with contracts first; the account keeps
 * to what it was opened with): another customer is not found (`customerId`), another site or
 * organisation looks like no deposit at all.
 */
export async function lockDepositAccount(
  tx: Tx,
  caller: Caller,
  account: { leaseId: string; siteId: string; customerId: string; currency: string },
): Promise<DepositAccount> {
  await tx.$executeRaw`
    INSERT INTO deposit_accounts (lease_id, org_id, site_id, customer_id, currency)
    VALUES (${account.leaseId}, ${caller.orgId}, ${account.siteId}, ${account.customerId}, ${account.currency})
    ON CONFLICT (lease_id) DO NOTHING`;
  const row = await lockExistingAccount(tx, account.leaseId);
  if (!row || row.orgId !== caller.orgId || row.siteId !== account.siteId) throw noDepositHeld();
  if (row.customerId !== account.customerId) {
    throw notFoundAs("customer", "customerId", "is not the customer of this lease");
  }
  return row;
}

/** The lease's account, locked, or null when it never received a deposit. */
export async function lockExistingAccount(tx: Tx, leaseId: string): Promise<DepositAccount | null> {
  await tx.$queryRaw`SELECT lease_id FROM deposit_accounts WHERE lease_id = ${leaseId} FOR UPDATE`;
  return tx.depositAccount.findUnique({ where: { leaseId } });
}

/** What the lease's deposit holds: the sum of its ledger. */
export async function heldOf(db: PaymentsDeps["db"] | Tx, leaseId: string): Promise<number> {
  const { _sum } = await db.depositEntry.aggregate({
    where: { leaseId },
    _sum: { amountMinor: true },
  });
  return toSafeNumber(_sum.amountMinor ?? 0n);
}

/** Once a settlement is claimed the deposit is frozen: nothing more comes in. */
export async function refuseIfSettled(tx: Tx, leaseId: string): Promise<void> {
  const settlement = await tx.depositSettlement.findUnique({ where: { leaseId } });
  if (settlement) {
    throw conflict("the deposit of this lease has been settled", [
      { field: "leaseId", message: "deposit already settled" },
    ]);
  }
}
