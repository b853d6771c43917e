import type { StoredBankLine } from "@slms/contracts/finance";
import type { BankLine } from "../generated/prisma/client.ts";

/** Where a line stands. `pending`: being matched (a crash leaves it so; posting again goes on). */
export const bankLineStatuses = [
  "pending",
  "matched",
  "unmatched",
  "resolved",
  "dismissed",
] as const;

/** A stored line in the internal contract's shape. */
export function storedBankLine(row: BankLine): StoredBankLine {
  return {
    id: row.id,
    siteId: row.siteId,
    lineId: row.lineId,
    amount: { currencyCode: row.currency, amountMinor: Number(row.amountMinor) },
    valueDate: row.valueDate,
    payerName: row.payerName,
    payerAccount: row.payerAccount,
    reference: row.reference,
    status: row.status,
    matchedBy: row.matchedBy ?? "",
    customerId: row.customerId ?? "",
    paymentId: row.paymentId ?? "",
    receiptNumber: row.receiptNumber ?? "",
    postedBy: row.postedBy,
    postedAt: row.postedAt.toISOString(),
    resolvedBy: row.resolvedBy ?? "",
    note: row.note ?? "",
  };
}
