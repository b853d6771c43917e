import { unauthenticated } from "@slms/errors";
import { hashRefreshToken } from "../auth/tokens.ts";
import type { GatewayDeps } from "../deps.ts";
import { issueSession, type Session } from "./issue-session.ts";

/**
 * Trades a refresh token for a new session; the old token is revoked (rotation). A token that
 * was already rotated is a sign of theft: every session of that user is revoked.
 */
export async function refreshSession(deps: GatewayDeps, refreshToken: string): Promise<Session> {
  const tokenHash = hashRefreshToken(refreshToken);
  const stored = await deps.db.refreshToken.findUnique({
    where: { tokenHash },
    include: { user: { include: { memberships: true } } },
  });
  if (!stored) throw unauthenticated("invalid refresh token");
  if (stored.revokedAt) {
    await deps.db.refreshToken.updateMany({
      where: { userId: stored.userId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    deps.logger.warn(
      { userId: stored.userId },
      "rotated refresh token reused; all sessions revoked",
    );
    throw unauthenticated("refresh token already used; please sign in again");
  }
  if (stored.expiresAt <= new Date()) throw unauthenticated("refresh token expired");
  if (stored.user.disabled) throw unauthenticated("this account is disabled");
  // Only one of two concurrent refreshes with the same token wins the revocation.
  const revoked = await deps.db.refreshToken.updateMany({
    where: { id: stored.id, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (revoked.count === 0)
    throw unauthenticated("refresh token already used; please sign in again");
  return issueSession(deps, stored.user);
}
