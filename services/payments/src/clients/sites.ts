import type { AssetsServiceDefinition } from "@slms/contracts/assets";
import { isDomainError, notFound } from "@slms/errors";
import { type Caller, canSeeSite, type GrpcClient } from "@slms/grpc";

/** What payments needs to know about a site (owned by the assets service). */
export interface SiteFacts {
  id: string;
  orgId: string;
  /** Prefix of the site's receipt numbers; never changes. */
  code: string;
  name: string;
  /** ISO 4217; every amount of the site is in it; never changes. */
  currency: string;
  /** IANA zone: receipts print local time, lists filter by local date. */
  timeZone: string;
}

export interface SiteDirectory {
  /**
   * The site, if the caller may see it (its organisation and site scope); otherwise a
   * `not_found`. Asks the assets service with the caller's identity.
   */
  facts(caller: Caller, siteId: string): Promise<SiteFacts>;
}

/**
 * A per-process cache in front of the assets service. Code and currency never change; name and
 * time zone may, so entries are refreshed after `ttlMs`. While assets is unreachable a stale
 * entry is used rather than refusing to take money.
 */
export function createSiteDirectory(
  assets: GrpcClient<AssetsServiceDefinition>,
  ttlMs = 10 * 60_000,
  maxEntries = 10_000,
): SiteDirectory {
  const cache = new Map<string, { facts: SiteFacts; fetchedAt: number }>();
  return {
    async facts(caller, siteId) {
      if (!siteId || !canSeeSite(caller, siteId)) throw notFound("site");
      const cached = cache.get(siteId);
      if (cached && Date.now() - cached.fetchedAt < ttlMs) return inOrg(cached.facts, caller);
      let facts: SiteFacts;
      try {
        const { site } = await assets.GetSite({ id: siteId }, { caller });
        if (!site) throw notFound("site");
        facts = {
          id: site.id,
          orgId: site.orgId,
          code: site.code,
          name: site.name,
          currency: site.currencyCode,
          timeZone: site.timeZone,
        };
      } catch (error) {
        const unreachable = !isDomainError(error) || error.kind === "unavailable";
        if (cached && unreachable) return inOrg(cached.facts, caller);
        throw error;
      }
      if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
      cache.set(siteId, { facts, fetchedAt: Date.now() });
      return inOrg(facts, caller);
    },
  };
}

function inOrg(facts: SiteFacts, caller: Caller): SiteFacts {
  if (facts.orgId !== caller.orgId) throw notFound("site");
  return facts;
}
