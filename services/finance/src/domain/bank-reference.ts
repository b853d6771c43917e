/** What a bank line's remittance text may name, in the order they are tried. */
export type ReferenceKind = "bill" | "lease" | "customer";

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
