import type { Caller } from "@slms/grpc";
import { leaseOfSite } from "../clients/references.ts";
import { heldOf } from "../db/deposits.ts";
import { depositEntryView } from "../db/rows.ts";
import { requireSiteInScope } from "../db/scope.ts";
import type { PaymentsDeps } from "../deps.ts";
import { requireStorableId } from "../domain/fields.ts";
import type { DepositLedgerView } from "../domain/views.ts";

/**
 * A lease's deposit ledger, oldest entry first, and what it holds (the sum of the entries). The
 * lease must be of the site (asked of contracts): otherwise `not_found`. A lease that never
 * received a deposit has an empty ledger.
 */
export async function getDepositLedger(
  deps: PaymentsDeps,
  caller: Caller,
  siteId: string,
  leaseId: string,
): Promise<DepositLedgerView> {
  requireSiteInScope(caller, siteId);
  requireStorableId("leaseId", leaseId);
  await leaseOfSite(deps, caller, siteId, leaseId, null);
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
