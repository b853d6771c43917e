import type { Tx } from "../deps.ts";

/**
 * Takes the site's next receipt position inside the caller's transaction. The counter row stays
 * locked until that transaction ends, so a site's payments take numbers one at a time; if the
 * transaction rolls back, so does the number — the book has no gaps and never reuses one.
 */
export async function takeReceiptSeq(tx: Tx, siteId: string): Promise<number> {
  const [row] = await tx.$queryRaw<{ last_number: number }[]>`
    INSERT INTO receipt_counters (site_id, last_number) VALUES (${siteId}, 1)
    ON CONFLICT (site_id) DO UPDATE SET last_number = receipt_counters.last_number + 1
    RETURNING last_number`;
  if (!row) throw new Error(`no receipt number for site ${siteId}`);
  return row.last_number;
}
