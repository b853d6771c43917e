/** What a bank line's remittance text may name, in the order they are tried. */
export type ReferenceKind = "bill" | "lease" | "customer";

/**
 * What made a bank line a payment: an id its reference names, a lease's contract number in it,
 * or the payer's account — paid from before, and found to be one customer's only.
 */
export type MatchKind = ReferenceKind | "contract_number" | "payer_account";

/** Accounts shorter than this (after normalising) are never matched on: too easily shared. */
export const MIN_PAYER_ACCOUNT_LENGTH = 6;

/**
 * A payer account as matching compares it: letters upper case, and everything but letters and
 * digits dropped (banks print `6222 0000 1111`, `6222-0000-1111` or `62220000 1111`); null when
 * too short to identify anyone. The SQL in db/bank-lines.ts normalises the stored accounts alike.
 */
export function normalisedAccount(account: string): string | null {
  const value = account.toUpperCase().replace(/[^0-9A-Z]/g, "");
  return value.length >= MIN_PAYER_ACCOUNT_LENGTH ? value : null;
}

export interface ReferenceCandidate {
  kind: ReferenceKind;
  id: string;
}

const prefixes: Record<string, ReferenceKind> = { bil: "bill", lea: "lease", cus: "customer" };

/**
 * The bill, lease and customer ids named in a remittance text (payers copy them from a payment
 * notice): `bil_`, `lea_` or `cus_` and the 26 characters of a ULID or the 32 hex digits of the
 * ids billing runs give bills, in any letter case, spaces or other text around them. Bills first (the most precise), then leases, then customers; each id
 * once.
 */
export function candidatesIn(reference: string): ReferenceCandidate[] {
  const found: ReferenceCandidate[] = [];
  const seen = new Set<string>();
  const ids = /(?<![0-9A-Za-z])(bil|lea|cus)_([0-9A-Za-z]{26}|[0-9A-Fa-f]{32})(?![0-9A-Za-z])/gi;
  for (const match of reference.matchAll(ids)) {
    const prefix = match[1]!.toLowerCase();
    const body = match[2]!;
    // ULIDs are upper case, hex ids lower case.
    const id = `${prefix}_${body.length === 26 ? body.toUpperCase() : body.toLowerCase()}`;
    if (seen.has(id)) continue;
    seen.add(id);
    found.push({ kind: prefixes[prefix]!, id });
  }
  const order: ReferenceKind[] = ["bill", "lease", "customer"];
  return found.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
}
