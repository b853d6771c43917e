import type { ApiClient } from "@slms/contracts/finance";
import type { ApiClientView } from "../db/api-clients.ts";

const instant = (value: Date | null) => (value ? value.toISOString() : "");

export function toApiClient(client: ApiClientView): ApiClient {
  return {
    id: client.id,
    orgId: client.orgId,
    name: client.name,
    siteIds: client.siteIds,
    allSites: client.allSites,
    canPost: client.canPost,
    expiresAt: instant(client.expiresAt),
    revokedAt: instant(client.revokedAt),
    lastUsedAt: instant(client.lastUsedAt),
    requestsPerMinute: client.requestsPerMinute,
    createdBy: client.createdBy,
    createdAt: client.createdAt.toISOString(),
  };
}
