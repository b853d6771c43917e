import type { StoredBankLine } from "@slms/contracts/finance";
import { conflict, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { storedBankLine } from "../db/bank-lines.ts";
import type { FinanceDeps } from "../deps.ts";
import { bankLineInScope } from "./bank-line-in-scope.ts";
import { recordBankPayment } from "./bank-payment.ts";
import { fromOwner } from "./owner-errors.ts";

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "is not an id");

const input = z.object({
  siteId: id,
  id,
  customerId: id,
  leaseId: z.union([z.literal(""), id]),
  billIds: z.array(id).max(100, "at most 100 bills"),
  recordedByName: z.string().max(200),
});

export type ResolveBankLineInput = z.input<typeof input>;

/**
 * A cashier makes an unmatched bank line a payment of the customer they found (to the bills
 * named first, else oldest due first), recorded by the payments service as theirs under the
 * line's request id `bank:<line>` — the same id the automatic match uses, so a line is never two
 * payments. Resolving a resolved line again answers it as it is; a matched or dismissed line is a
 * `conflict`. The customer, lease and bills are checked by their owners (NOT_FOUND naming them).
 */
export async function resolveBankLine(
  deps: FinanceDeps,
  caller: Caller,
  request: ResolveBankLineInput,
): Promise<StoredBankLine> {
  const value = parseInput(input, request, "request");
  const row = await bankLineInScope(deps, caller, value.siteId, value.id);
  if (row.status === "resolved") return storedBankLine(row);
  if (row.status !== "unmatched")
    throw conflict(`the bank line is ${row.status}, not waiting for a cashier`);
  const { site } = await deps
    .owners()
    .assets.GetSite({ id: row.siteId }, { caller })
    .catch(fromOwner("site"));
  const payment = await recordBankPayment(
    deps,
    caller,
    row,
    site!.timeZone,
    { customerId: value.customerId, leaseId: value.leaseId, billIds: value.billIds },
    value.recordedByName,
  );
  const updated = await deps.db.bankLine.update({
    where: { id: row.id },
    data: {
      status: "resolved",
      matchedBy: "cashier",
      customerId: value.customerId,
      leaseId: value.leaseId || null,
      billId: value.billIds[0] ?? null,
      paymentId: payment.id,
      receiptNumber: payment.receiptNumber,
      resolvedBy: caller.actor,
      resolvedAt: deps.clock(),
    },
  });
  return storedBankLine(updated);
}
