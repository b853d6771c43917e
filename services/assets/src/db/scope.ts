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

/** What unit operations need to know about their site; neither ever changes. */
export interface SiteFacts {
  orgId: string;
  currency: string;
}

const factsCache = new Map<string, SiteFacts>();
const maxCached = 10_000;

/**
 * Like `findSiteInScope`, for operations that only need the site's organisation and currency.
 * Both are immutable, so they are cached per process: unit reads and writes skip a query.
 */
export async function siteFactsInScope(
  db: AssetsDeps["db"],
  caller: Caller,
  siteId: string,
): Promise<SiteFacts> {
  if (!canSeeSite(caller, siteId)) throw notFound("site");
  let facts = factsCache.get(siteId);
  if (!facts) {
    const site = await db.site.findUnique({
      where: { id: siteId },
      select: { orgId: true, currency: true },
    });
    if (!site) throw notFound("site");
    facts = site;
    if (factsCache.size >= maxCached) factsCache.delete(factsCache.keys().next().value as string);
    factsCache.set(siteId, facts);
  }
  if (facts.orgId !== caller.orgId) throw notFound("site");
  return facts;
}
