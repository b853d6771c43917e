import { unauthenticated } from "@slms/errors";
import type { FinanceDeps } from "../deps.ts";
import { hashSecret, parseBearer, secretMatches } from "../domain/credentials.ts";
import type { EdgeClient } from "../domain/edge-caller.ts";

/** `last_used_at` is kept to the minute: at most one write a minute per client. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/** Compared against when no client has the id, so both refusals take the same work. */
const noClientHash = hashSecret("no such client");

/**
 * The client an `authorization: Bearer <client_id>.<secret>` value names, looked up on every
 * call (a primary-key read), so a revocation or expiry takes effect on the next call.
 * A missing, malformed, unknown, wrong, revoked or expired credential is UNAUTHENTICATED with
 * one message for all: the answer does not tell which ids exist. Records `last_used_at` when the
 * stored one is more than a minute old (a conditional update: replicas do not repeat it).
 */
export async function authenticateApiClient(
  deps: FinanceDeps,
  authorization: string | undefined,
): Promise<EdgeClient> {
  const refused = unauthenticated("missing or invalid API client credentials");
  const credential = parseBearer(authorization);
  if (!credential) throw refused;
  const row = await deps.db.apiClient.findUnique({ where: { id: credential.clientId } });
  const matches = secretMatches(row?.secretHash ?? noClientHash, credential.secret);
  const now = deps.clock();
  if (!row || !matches || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) {
    throw refused;
  }
  const stale = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (!row.lastUsedAt || row.lastUsedAt <= stale) {
    await deps.db.apiClient.updateMany({
      where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: stale } }] },
      data: { lastUsedAt: now },
    });
  }
  return {
    id: row.id,
    orgId: row.orgId,
    siteIds: row.siteIds,
    allSites: row.allSites,
    canPost: row.canPost,
    requestsPerMinute: row.requestsPerMinute,
  };
}
