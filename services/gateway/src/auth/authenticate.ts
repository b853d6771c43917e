import { isDomainError, rateLimited, unauthenticated } from "@slms/errors";
import type { NextFunction, Request, Response } from "express";
import type { RateLimiter } from "./rate-limiter.ts";
import type { AccessTokens } from "./tokens.ts";

/**
 * Reads `Authorization: Bearer <jwt>`; a valid token puts the principal in
 * `res.locals.principal`. A present but bad token is rejected here (401); a missing one is
 * left to the route, which knows whether it is public.
 */
export function authenticate(tokens: AccessTokens) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const header = req.header("authorization");
    if (!header) return next();
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1])
      return next(unauthenticated("the Authorization header must be `Bearer <token>`"));
    try {
      res.locals.principal = await tokens.verify(match[1]);
      next();
    } catch (error) {
      if (isDomainError(error) && error.kind === "unavailable") return next();
      next(error);
    }
  };
}

/**
 * Per-user request budget per minute, shared across replicas through the rate limiter. While the
 * limiter's store (Redis) is unavailable requests go through unlimited — the API stays up for a
 * Redis outage (the client logs it once); money routes still wait for their idempotency records,
 * and logins for theirs (503).
 */
export function userRateLimit(limiter: RateLimiter, perMinute: number) {
  return async (_req: Request, res: Response, next: NextFunction) => {
    const userId = res.locals.principal?.userId as string | undefined;
    if (perMinute <= 0 || !userId) return next();
    try {
      const decision = await limiter.hit(`api:${userId}`, perMinute, 60_000);
      res.setHeader("RateLimit-Remaining", String(decision.remaining));
      if (!decision.allowed) return next(rateLimited("too many requests", decision.retryAfterMs));
      next();
    } catch (error) {
      if (isDomainError(error) && error.kind === "unavailable") return next();
      next(error);
    }
  };
}
