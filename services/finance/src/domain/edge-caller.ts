import type { Caller } from "@slms/grpc";

/** An authenticated API client as the edge knows it for one call. */
export interface EdgeClient {
  id: string;
  orgId: string;
  /** Empty when `allSites`. */
  siteIds: readonly string[];
  allSites: boolean;
  /** May post bank statement lines (PostBankLines); read-only otherwise. */
  canPost: boolean;
  requestsPerMinute: number;
}

/**
 * The role the edge's calls carry to the owning services: HQ-auditor-like read scope, which
 * services treat as a reader (customers masks ID numbers for it). The edge only reads.
 */
export const EDGE_READ_ROLE = "hq_auditor";

/**
 * The internal caller for an API client's call, built by the edge alone (nothing the outside
 * caller sent in `x-slms-*` metadata is read). Scope: the client's organisation and its sites;
 * an `allSites` client is organisation-wide (`"all"`, which every service limits to the
 * caller's organisation) — sites made after the client was are in its scope too.
 */
export function edgeCaller(client: EdgeClient): Caller {
  return {
    actor: `api-client:${client.id}`,
    orgId: client.orgId,
    siteIds: client.allSites ? "all" : [...client.siteIds],
    roles: [EDGE_READ_ROLE],
  };
}

/** Whether the site is inside the client's scope (existence is checked by its owner). */
export function clientMaySee(client: EdgeClient, siteId: string): boolean {
  return client.allSites || client.siteIds.includes(siteId);
}
