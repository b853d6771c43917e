import { rateLimited, unauthenticated } from "@slms/errors";
import { verifyPassword } from "../auth/passwords.ts";
import type { GatewayDeps } from "../deps.ts";
import { issueSession, type Session } from "./issue-session.ts";

/**
 * Checks e-mail and password and opens a session. Every attempt is recorded; wrong e-mail and
 * wrong password get the same answer. Attempts are limited twice over, within the login window:
 * - per e-mail and client address (`loginAttempts`), so one client guessing is stopped soon;
 * - per e-mail from any address (`ACCOUNT_FACTOR` × that), so guessing spread over many
 *   addresses (or spoofed `X-Forwarded-For` values) is stopped too. The client address is the
 *   socket's unless `TRUST_PROXY` names the proxies in front of the gateway.
 * A correct password resets both. Refused attempts answer 429 with `Retry-After`.
 */
/** Attempts per e-mail from all addresses together, as a multiple of the per-address limit. */
export const ACCOUNT_FACTOR = 3;

export async function login(
  deps: GatewayDeps,
  request: { email: string; password: string; ip: string },
): Promise<Session> {
  const email = request.email.trim().toLowerCase();
  const clientKey = `login:${email}:${request.ip}`;
  const accountKey = `login:${email}`;
  const { loginAttempts, loginWindowMs } = deps.limits;
  const decisions = [
    await deps.rateLimiter.hit(clientKey, loginAttempts, loginWindowMs),
    await deps.rateLimiter.hit(accountKey, loginAttempts * ACCOUNT_FACTOR, loginWindowMs),
  ];
  const refused = decisions.filter((d) => !d.allowed);
  if (refused.length > 0) {
    await record(deps, email, null, request.ip, "rate_limited");
    const waitMs = Math.max(...refused.map((d) => d.retryAfterMs));
    throw rateLimited(
      `too many login attempts; retry in ${Math.max(1, Math.ceil(waitMs / 1000))} s`,
      waitMs,
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
  await Promise.all([deps.rateLimiter.reset(clientKey), deps.rateLimiter.reset(accountKey)]);
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
