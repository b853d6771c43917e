import { notFound } from "@slms/errors";
import { type Caller, canSeeSite } from "@slms/grpc";
import { type RunView, runView } from "../db/runs.ts";
import type { BillingDeps } from "../deps.ts";

/** A run and its progress (done of total, issued, amount). */
export async function getBillingRun(
  deps: BillingDeps,
  caller: Caller,
  runId: string,
): Promise<RunView> {
  const row = await deps.db.billingRun.findFirst({ where: { id: runId, orgId: caller.orgId } });
  if (!row || (row.siteId && !canSeeSite(caller, row.siteId))) throw notFound("billing run");
  return runView(row);
}
