import type { Site } from "@slms/contracts/assets";
import { notFound } from "@slms/errors";
import type { FinanceDeps } from "../deps.ts";
import { clientMaySee, type EdgeClient, edgeCaller } from "../domain/edge-caller.ts";
import { fromOwner } from "./owner-errors.ts";

/**
 * The site a client's request names, when it is in the client's scope and exists in its
 * organisation; NOT_FOUND otherwise — the same answer for a site out of scope, of another
 * organisation, or of nobody, so a client cannot probe for sites.
 */
export async function siteInScope(
  deps: FinanceDeps,
  client: EdgeClient,
  siteId: string,
): Promise<Site> {
  if (!clientMaySee(client, siteId)) throw notFound("site");
  const { site } = await deps
    .owners()
    .assets.GetSite({ id: siteId }, { caller: edgeCaller(client) })
    .catch(fromOwner("site"));
  if (!site) throw notFound("site");
  return site;
}
