import { hashRefreshToken } from "../auth/tokens.ts";
import type { GatewayDeps } from "../deps.ts";

/** Revokes the refresh token; the short-lived access token simply expires. Idempotent. */
export async function logout(
  deps: GatewayDeps,
  userId: string,
  refreshToken: string,
): Promise<void> {
  await deps.db.refreshToken.updateMany({
    where: { tokenHash: hashRefreshToken(refreshToken), userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
}
