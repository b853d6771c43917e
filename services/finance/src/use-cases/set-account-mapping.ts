import { parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { type MappingInForce, storeMapping } from "../db/account-mappings.ts";
import type { FinanceDeps } from "../deps.ts";
import { type AccountMapping, accountMappingSchema } from "../domain/account-mapping.ts";
import { requireAdmin } from "../domain/admin.ts";

/**
 * Replaces the caller's organisation's account mapping as a whole (HQ administrators). Every
 * role must name an account (`invalid` naming the field otherwise). Changes recorded from then on
 * are posted in it; entries already recorded keep theirs.
 */
export async function setAccountMapping(
  deps: FinanceDeps,
  caller: Caller,
  mapping: AccountMapping,
): Promise<MappingInForce> {
  requireAdmin(caller, "the account mapping");
  const valid = parseInput(accountMappingSchema, mapping, "mapping");
  return storeMapping(deps.db, caller.orgId, valid, caller.actor);
}
