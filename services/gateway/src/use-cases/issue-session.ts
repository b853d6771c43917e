import { newId } from "@slms/db";
import { newRefreshToken } from "../auth/tokens.ts";
import type { GatewayDeps } from "../deps.ts";
import type { Principal } from "../domain/roles.ts";
import type { SiteMembership, User } from "../generated/prisma/client.ts";

export interface Session {
  accessToken: string;
  refreshToken: string;
  tokenType: "Bearer";
  /** Seconds until the access token expires. */
  expiresIn: number;
}

export function principalOf(user: User & { memberships: SiteMembership[] }): Principal {
  return {
    userId: user.id,
    orgId: user.orgId,
    hqRole: user.hqRole,
    sites: Object.fromEntries(user.memberships.map((m) => [m.siteId, m.role])),
  };
}

/** A new access token for the user's current roles, and a new stored refresh token. */
export async function issueSession(
  deps: GatewayDeps,
  user: User & { memberships: SiteMembership[] },
): Promise<Session> {
  const refresh = newRefreshToken();
  await deps.db.refreshToken.create({
    data: {
      id: newId("rtk"),
      userId: user.id,
      tokenHash: refresh.hash,
      expiresAt: new Date(Date.now() + deps.refreshTokenTtlMs),
    },
  });
  return {
    accessToken: await deps.tokens.sign(principalOf(user)),
    refreshToken: refresh.token,
    tokenType: "Bearer",
    expiresIn: deps.tokens.ttlSeconds,
  };
}
