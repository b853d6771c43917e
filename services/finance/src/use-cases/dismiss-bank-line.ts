import type { StoredBankLine } from "@slms/contracts/finance";
import { conflict, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { storedBankLine } from "../db/bank-lines.ts";
import type { FinanceDeps } from "../deps.ts";
import { bankLineInScope } from "./bank-line-in-scope.ts";

const input = z.object({
  siteId: z.string(),
  id: z.string(),
  note: z.string().trim().min(1, "say why").max(500, "at most 500 characters"),
});

export type DismissBankLineInput = z.input<typeof input>;

/**
 * A cashier sets an unmatched bank line aside, saying why (not the site's money, returned to the
 * payer…); it makes no payment. Dismissing it again answers it as it is; a line already made a
 * payment is a `conflict`.
 */
export async function dismissBankLine(
  deps: FinanceDeps,
  caller: Caller,
  request: DismissBankLineInput,
): Promise<StoredBankLine> {
  const value = parseInput(input, request, "request");
  const row = await bankLineInScope(deps, caller, value.siteId, value.id);
  if (row.status === "dismissed") return storedBankLine(row);
  if (row.status !== "unmatched")
    throw conflict(`the bank line is ${row.status}, not waiting for a cashier`);
  const updated = await deps.db.bankLine.update({
    where: { id: row.id },
    data: {
      status: "dismissed",
      note: value.note,
      resolvedBy: caller.actor,
      resolvedAt: deps.clock(),
    },
  });
  return storedBankLine(updated);
}
