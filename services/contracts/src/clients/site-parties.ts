import type { Caller } from "@slms/grpc";
import type { ContractsDeps } from "../deps.ts";

/** The most ids ListCustomers and ListUnits take in one call, and the most a page answers. */
const IDS_PER_CALL = 500;

/** Calls of one list in flight at once: a 10,000-row import asks 20 of each, 4 at a time. */
const CALLS_AT_ONCE = 4;

/**
 * Which of these customers and units are not the site's, found in bulk: customers' ListCustomers
 * and assets' ListUnits are asked for the wanted ids themselves (their `ids` filter, within the
 * site), 500 ids a call, a few calls of each list at a time and both lists at once — one call
 * each for a chunk of up to 500 customers and 500 units, whatever the size of the site. An id
 * neither lists (another site's, another organisation's, or nobody's) is missing.
 */
export async function missingSiteParties(
  deps: Pick<ContractsDeps, "assets" | "customers">,
  caller: Caller,
  siteId: string,
  wanted: { customerIds: ReadonlySet<string>; unitIds: ReadonlySet<string> },
): Promise<{ customerIds: Set<string>; unitIds: Set<string> }> {
  const [customerIds, unitIds] = await Promise.all([
    unlisted(wanted.customerIds, async (ids, pageToken) => {
      const page = await deps.customers.ListCustomers(
        { siteId, ids, pageSize: IDS_PER_CALL, pageToken },
        { caller },
      );
      return { ids: page.customers.map((c) => c.id), next: page.nextPageToken };
    }),
    unlisted(wanted.unitIds, async (ids, pageToken) => {
      const page = await deps.assets.ListUnits(
        { siteId, ids, pageSize: IDS_PER_CALL, pageToken },
        { caller },
      );
      return { ids: page.units.map((u) => u.id), next: page.nextPageToken };
    }),
  ]);
  return { customerIds, unitIds };
}

/** A page of a list filtered to `ids`. */
type ListPage = (ids: string[], token: string) => Promise<{ ids: string[]; next: string }>;

/** The ids of `wanted` that the list, asked for them 500 at a time, does not answer. */
async function unlisted(wanted: ReadonlySet<string>, list: ListPage): Promise<Set<string>> {
  const missing = new Set(wanted);
  const batches: string[][] = [];
  const all = [...wanted];
  for (let i = 0; i < all.length; i += IDS_PER_CALL) batches.push(all.slice(i, i + IDS_PER_CALL));
  const worker = async () => {
    for (let batch = batches.shift(); batch; batch = batches.shift()) {
      // A page holds as many rows as a call names ids, so one page answers; the token is
      // followed all the same, should a list ever answer less per page.
      let token = "";
      do {
        const { ids, next } = await list(batch, token);
        for (const id of ids) missing.delete(id);
        token = next;
      } while (token);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CALLS_AT_ONCE, batches.length) }, worker));
  return missing;
}
