import type { AccountingServiceDefinition, AccountMappingMessage } from "@slms/contracts/finance";
import { type CallContext, requireCaller, type UnaryHandlers } from "@slms/grpc";
import type { MappingInForce } from "../db/account-mappings.ts";
import type { FinanceDeps } from "../deps.ts";
import type { AccountMapping } from "../domain/account-mapping.ts";
import { getAccountMapping } from "../use-cases/get-account-mapping.ts";
import { setAccountMapping } from "../use-cases/set-account-mapping.ts";

const caller = (context: CallContext) => requireCaller(context.caller);

const answer = (found: MappingInForce) => ({
  mapping: found.mapping,
  isDefault: found.isDefault,
  updatedAt: found.updatedAt?.toISOString() ?? "",
  updatedBy: found.updatedBy ?? "",
});

/**
 * The message as the mapping (an account left out arrives as null: validation names its field);
 * proto3 maps arrive as plain objects.
 */
const fromMessage = (message: AccountMappingMessage | null): AccountMapping =>
  (message ?? {}) as unknown as AccountMapping;

/** Internal `AccountingService` ⇄ use-cases (the gateway's HQ admins). Only mapping here. */
export function accountingHandlers(deps: FinanceDeps): UnaryHandlers<AccountingServiceDefinition> {
  return {
    GetAccountMapping: async (_req, ctx) => answer(await getAccountMapping(deps, caller(ctx))),
    SetAccountMapping: async (req, ctx) =>
      answer(await setAccountMapping(deps, caller(ctx), fromMessage(req.mapping))),
  };
}
