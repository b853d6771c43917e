import type { StoredBankLine } from "@slms/contracts/finance";
import type { BankLine, PrismaClient } from "../generated/prisma/client.ts";

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

/**
 * The customers earlier lines from this payer account (normalised: `normalisedAccount`) were
 * paid to at the site — matched automatically or resolved by a cashier — at most two: one means
 * the account is that customer's, two that it is shared (then nothing is matched on it). Served
 * by the expression index `bank_lines_payer_account_idx`.
 */
export async function customersPaidFrom(
  db: PrismaClient,
  orgId: string,
  siteId: string,
  account: string,
): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<{ customer_id: string }[]>(
    `SELECT DISTINCT customer_id FROM bank_lines
      WHERE org_id = $1 AND site_id = $2 AND status IN ('matched', 'resolved')
        AND customer_id IS NOT NULL
        AND regexp_replace(upper(payer_account), '[^0-9A-Z]', '', 'g') = $3
      LIMIT 2`,
    orgId,
    siteId,
    account,
  );
  return rows.map((r) => r.customer_id);
}
