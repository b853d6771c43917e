import type { Caller } from "@slms/grpc";
import type { FinanceDeps } from "../deps.ts";

/**
 * The ids of every site of the organisation, asked of assets as a system caller of that
 * organisation (the admin's own scope does not limit which sites a client may be given).
 */
export async function organisationSiteIds(deps: FinanceDeps, orgId: string): Promise<Set<string>> {
  const system: Caller = {
    actor: "system:finance",
    orgId,
    siteIds: "all",
    roles: ["system"],
  };
  const ids = new Set<string>();
  let pageToken = "";
  do {
    const page = await deps
      .owners()
      .assets.ListSites({ pageSize: 500, pageToken }, { caller: system });
    for (const site of page.sites) ids.add(site.id);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return ids;
}
