import { createHash, randomBytes } from "node:crypto";
import { unauthenticated } from "@slms/errors";
import { errors, jwtVerify, SignJWT } from "jose";
import { z } from "zod";
import { hqRoles, type Principal, siteRoles } from "../domain/roles.ts";

export const ISSUER = "slms-gateway";
export const AUDIENCE = "slms-api";
const ALGORITHM = "HS256";
/** Verified tokens remembered (about 1 KB each). */
const VERIFIED_CACHE_SIZE = 10_000;

/** The claims of an access token beyond the registered ones. */
const claims = z.object({
  sub: z.string().min(1),
  org: z.string().min(1),
  hq: z.enum(hqRoles).nullable(),
  sites: z.record(z.string(), z.enum(siteRoles)),
});

export interface AccessTokens {
  sign(principal: Principal): Promise<string>;
  /** The principal, or an `unauthenticated` error for any bad, expired or foreign token. */
  verify(token: string): Promise<Principal>;
  ttlSeconds: number;
}

/**
 * Short-lived access tokens: HS256 JWTs with fixed issuer and audience. Verification accepts
 * only HS256 (so `alg: none` and algorithm confusion fail), and checks issuer, audience and
 * expiry. The scope (HQ role, site roles) is in the token, so authorization needs no lookup;
 * the short lifetime bounds how long a revoked membership stays usable.
 */
export function createAccessTokens(secret: string, ttlSeconds: number): AccessTokens {
  const key = new TextEncoder().encode(secret);
  // A client sends the same token with every request until it expires; checking its HMAC again
  // each time was the gateway's largest CPU cost per request. A token that verified once is good
  // until its `exp`, so its principal is kept until then (bounded; oldest dropped first).
  const verified = new Map<string, { principal: Principal; expiresAtMs: number }>();
  return {
    ttlSeconds,
    sign(principal) {
      return new SignJWT({ org: principal.orgId, hq: principal.hqRole, sites: principal.sites })
        .setProtectedHeader({ alg: ALGORITHM, typ: "JWT" })
        .setSubject(principal.userId)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key);
    },
    async verify(token) {
      const known = verified.get(token);
      if (known && known.expiresAtMs > Date.now()) return known.principal;
      if (known) verified.delete(token);
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: [ALGORITHM],
          issuer: ISSUER,
          audience: AUDIENCE,
          requiredClaims: ["exp", "sub"],
        });
        const parsed = claims.parse(payload);
        const principal = {
          userId: parsed.sub,
          orgId: parsed.org,
          hqRole: parsed.hq,
          sites: parsed.sites,
        };
        if (verified.size >= VERIFIED_CACHE_SIZE) {
          verified.delete(verified.keys().next().value as string);
        }
        verified.set(token, { principal, expiresAtMs: (payload.exp as number) * 1000 });
        return principal;
      } catch (error) {
        if (error instanceof errors.JWTExpired) throw unauthenticated("access token expired");
        throw unauthenticated("invalid access token");
      }
    },
  };
}

/** A new opaque refresh token and the hash that is stored in its place. */
export function newRefreshToken(): { token: string; hash: string } {
  const token = `rt_${randomBytes(32).toString("base64url")}`;
  return { token, hash: hashRefreshToken(token) };
}

export function hashRefreshToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
