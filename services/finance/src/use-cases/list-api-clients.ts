import type { Caller } from "@slms/grpc";
import { type ApiClientView, apiClientView } from "../db/api-clients.ts";
import type { FinanceDeps } from "../deps.ts";
import { requireReader } from "../domain/admin.ts";

/**
 * The caller's organisation's API clients, newest first, revoked ones included (never their
 * secrets). An organisation has a handful; no paging.
 */
export async function listApiClients(deps: FinanceDeps, caller: Caller): Promise<ApiClientView[]> {
  requireReader(caller, "API clients");
  const rows = await deps.db.apiClient.findMany({
    where: { orgId: caller.orgId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return rows.map(apiClientView);
}
