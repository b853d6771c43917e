import { newId } from "@slms/db";
import type { FinanceDeps } from "../deps.ts";
import type { EdgeClient } from "../domain/edge-caller.ts";

export interface ApiCallRecord {
  client: EdgeClient;
  /** The method name, e.g. `ListUnits`. */
  rpc: string;
  /** The site the request named, or null. */
  siteId: string | null;
  /** The gRPC status code the call ended with. */
  status: number;
  durationMs: number;
}

/** Writes the audit row of one authenticated call. */
export async function recordApiCall(deps: FinanceDeps, call: ApiCallRecord): Promise<void> {
  await deps.db.apiCall.create({
    data: {
      id: newId("call"),
      clientId: call.client.id,
      orgId: call.client.orgId,
      rpc: call.rpc,
      siteId: call.siteId,
      status: call.status,
      durationMs: Math.max(0, Math.round(call.durationMs)),
      at: deps.clock(),
    },
  });
}
