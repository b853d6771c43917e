/**
 * A receipt number: the site's code and its position in the site's receipt book, at least six
 * digits (`SH-PUDONG-01-000123`). The position is what is unique and gap-free; the code only
 * makes the number readable across sites.
 */
export function formatReceiptNumber(siteCode: string, seq: number): string {
  if (!Number.isSafeInteger(seq) || seq < 1) throw new RangeError(`bad receipt position ${seq}`);
  return `${siteCode}-${String(seq).padStart(6, "0")}`;
}

/** The printable prefix of a site without a code: its id's last characters. */
export function receiptPrefix(site: { id: string; code: string }): string {
  return site.code || site.id.slice(-8).toUpperCase();
}
