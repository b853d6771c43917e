import type { Caller } from "@slms/grpc";
import { siteView } from "../db/rows.ts";
import { findSiteInScope } from "../db/scope.ts";
import type { AssetsDeps } from "../deps.ts";
import type { SiteView } from "../domain/views.ts";

export async function getSite(deps: AssetsDeps, caller: Caller, siteId: string): Promise<SiteView> {
  return siteView(await findSiteInScope(deps.db, caller, siteId));
}
