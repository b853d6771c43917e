import { notFound } from "@slms/errors";
import { type Caller, canSeeSite } from "@slms/grpc";
import type { AssetsDeps, Tx } from "../deps.ts";
import type { Site } from "../generated/prisma/client.ts";

/**
 * The site, if it belongs to the caller's organisation and is in the caller's site scope.
 * Anything else is reported as not found, so callers cannot probe other tenants' ids.
 */
export async function findSiteInScope(
  db: AssetsDeps["db"] | Tx,
  caller: Caller,
  siteId: string,
): Promise<Site> {
  if (!canSeeSite(caller, siteId)) throw notFound("site");
  const site = await db.site.findFirst({ where: { id: siteId, orgId: caller.orgId } });
  if (!site) throw notFound("site");
  return site;
}
