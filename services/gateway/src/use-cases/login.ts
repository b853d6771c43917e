import { DomainError, unauthenticated } from "@slms/errors";
import { verifyPassword } from "../auth/passwords.ts";
import type { GatewayDeps } from "../deps.ts";
import { issueSession, type Session } from "./issue-session.ts";

/**
 * Checks e-mail and password and opens a session. Attempts are limited per e-mail and client
 * address; every attempt is recorded. Wrong e-mail and wrong password get the same answer.
 */
export async function login(
  deps: GatewayDeps,
  request: { email: string; password: string; ip: string },
): Promise<Session> {
  const email = request.email.trim().toLowerCase();
  const limitKey = `login:${email}:${request.ip}`;
  const decision = await deps.rateLimiter.hit(
    limitKey,
    deps.limits.loginAttempts,
    deps.limits.loginWindowMs,
  );
  if (!decision.allowed) {
    await record(deps, email, null, request.ip, "rate_limited");
    throw new DomainError(
      "rate_limited",
      `too many login attempts; retry in ${Math.ceil(decision.retryAfterMs / 1000)} s`,
      [{ field: "retryAfterSeconds", message: String(Math.ceil(decision.retryAfterMs / 1000)) }],
    );
  }
  const user = await deps.db.user.findUnique({ where: { email }, include: { memberships: true } });
  const passwordOk = await verifyPassword(user?.passwordHash ?? null, request.password);
  if (!user || !passwordOk) {
    await record(deps, email, user?.id ?? null, request.ip, "bad_credentials");
    throw unauthenticated("wrong e-mail or password");
  }
  if (user.disabled) {
    await record(deps, email, user.id, request.ip, "disabled");
    throw unauthenticated("this account is disabled");
  }
  await deps.rateLimiter.reset(limitKey);
  await record(deps, email, user.id, request.ip, null);
  return issueSession(deps, user);
}

async function record(
  deps: GatewayDeps,
  email: string,
  userId: string | null,
  ip: string,
  reason: string | null,
) {
  await deps.db.loginEvent.create({
    data: { email, userId, ip, success: reason === null, reason },
  });
}
