import type { Caller } from "@slms/grpc";
import { type MappingInForce, mappingInForce } from "../db/account-mappings.ts";
import type { FinanceDeps } from "../deps.ts";
import { requireReader } from "../domain/admin.ts";

/** The caller's organisation's account mapping in force (the default until it sets one). */
export async function getAccountMapping(
  deps: FinanceDeps,
  caller: Caller,
): Promise<MappingInForce> {
  requireReader(caller, "the account mapping");
  return mappingInForce(deps.db, caller.orgId);
}
