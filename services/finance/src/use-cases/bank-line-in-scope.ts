import { notFound } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import type { FinanceDeps } from "../deps.ts";
import type { BankLine } from "../generated/prisma/client.ts";

/** Whether the (internal) caller's scope covers the site. */
export function callerMaySee(caller: Caller, siteId: string): boolean {
  return caller.siteIds === "all" || caller.siteIds.includes(siteId);
}

/**
 * A bank line of the site in the caller's organisation and scope; NOT_FOUND otherwise (the same
 * answer for a line of another site or organisation, or of none).
 */
export async function bankLineInScope(
  deps: FinanceDeps,
  caller: Caller,
  siteId: string,
  id: string,
): Promise<BankLine> {
  if (!callerMaySee(caller, siteId)) throw notFound("site");
  const row = await deps.db.bankLine.findFirst({ where: { id, orgId: caller.orgId, siteId } });
  if (!row) throw notFound("bank line");
  return row;
}
