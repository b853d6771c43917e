import type { BankLineServiceDefinition } from "@slms/contracts/finance";
import { type CallContext, requireCaller, type UnaryHandlers } from "@slms/grpc";
import type { FinanceDeps } from "../deps.ts";
import { dismissBankLine } from "../use-cases/dismiss-bank-line.ts";
import { listBankLines } from "../use-cases/list-bank-lines.ts";
import { resolveBankLine } from "../use-cases/resolve-bank-line.ts";

const caller = (context: CallContext) => requireCaller(context.caller);

/** Internal `BankLineService` ⇄ use-cases (the gateway's cashiers). Only mapping here. */
export function bankLineHandlers(deps: FinanceDeps): UnaryHandlers<BankLineServiceDefinition> {
  return {
    ListBankLines: (req, ctx) => listBankLines(deps, caller(ctx), req),
    ResolveBankLine: async (req, ctx) => ({ line: await resolveBankLine(deps, caller(ctx), req) }),
    DismissBankLine: async (req, ctx) => ({ line: await dismissBankLine(deps, caller(ctx), req) }),
  };
}
