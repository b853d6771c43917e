import type { Caller } from "@slms/grpc";
import type { ContractsDeps } from "../deps.ts";

/** The most ListCustomers and ListUnits answer in one page. */
const PAGE = 500;

/**
 * Which of these customers and units are not the site's, found in bulk: the site's customers
 * (customers' ListCustomers) and units (assets' ListUnits) are paged through, 500 at a time, both
 * lists at once, until every id asked for is seen or the list ends — a few dozen calls for a
 * site of 10,000 units, never one per row. (A `GetUnits`/`GetCustomers` by ids in assets and
 * customers would make it one call each, whatever the size of the site.)
 */
export async function missingSiteParties(
  deps: Pick<ContractsDeps, "assets" | "customers">,
  caller: Caller,
  siteId: string,
  wanted: { customerIds: ReadonlySet<string>; unitIds: ReadonlySet<string> },
): Promise<{ customerIds: Set<string>; unitIds: Set<string> }> {
  const [customerIds, unitIds] = await Promise.all([
    unseen(wanted.customerIds, async (pageToken) => {
      const page = await deps.customers.ListCustomers(
        { siteId, pageSize: PAGE, pageToken },
        { caller },
      );
      return { ids: page.customers.map((c) => c.id), next: page.nextPageToken };
    }),
    unseen(wanted.unitIds, async (pageToken) => {
      const page = await deps.assets.ListUnits({ siteId, pageSize: PAGE, pageToken }, { caller });
      return { ids: page.units.map((u) => u.id), next: page.nextPageToken };
    }),
  ]);
  return { customerIds, unitIds };
}

/** The ids of `wanted` that no page lists. */
async function unseen(
  wanted: ReadonlySet<string>,
  page: (token: string) => Promise<{ ids: string[]; next: string }>,
): Promise<Set<string>> {
  const missing = new Set(wanted);
  let token = "";
  while (missing.size > 0) {
    const { ids, next } = await page(token);
    for (const id of ids) missing.delete(id);
    if (!next) break;
    token = next;
  }
  return missing;
}
