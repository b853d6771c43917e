import type { Caller } from "@slms/grpc";
import { heldOf } from "../db/deposits.ts";
import { depositEntryView } from "../db/rows.ts";
import { requireSiteInScope } from "../db/scope.ts";
import type { PaymentsDeps } from "../deps.ts";
import type { DepositLedgerView } from "../domain/views.ts";

/**
 * A lease's deposit ledger, oldest entry first, and what it holds (the sum of the entries). A
 * lease that never received a deposit (or is not the caller's to see) has an empty ledger.
 */
export async function getDepositLedger(
  deps: PaymentsDeps,
  caller: Caller,
  siteId: string,
  leaseId: string,
): Promise<DepositLedgerView> {
  requireSiteInScope(caller, siteId);
  const account = await deps.db.depositAccount.findFirst({
    where: { leaseId, orgId: caller.orgId, siteId },
  });
  if (!account) return { entries: [], heldMinor: 0 };
  const entries = await deps.db.depositEntry.findMany({
    where: { leaseId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return { entries: entries.map(depositEntryView), heldMinor: await heldOf(deps.db, leaseId) };
}
