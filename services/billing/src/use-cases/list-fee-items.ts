import type { Caller } from "@slms/grpc";
import { ensureFeeItems } from "../db/fee-items.ts";
import type { BillingDeps } from "../deps.ts";

export interface FeeItemView {
  code: string;
  name: string;
  nameZh: string;
  category: string;
  active: boolean;
}

/** The organisation's fee items, by code; the defaults are created on first use. */
export async function listFeeItems(deps: BillingDeps, caller: Caller): Promise<FeeItemView[]> {
  await ensureFeeItems(deps.db, caller.orgId);
  const rows = await deps.db.feeItem.findMany({
    where: { orgId: caller.orgId },
    orderBy: { code: "asc" },
  });
  return rows.map(({ orgId: _orgId, ...item }) => item);
}
