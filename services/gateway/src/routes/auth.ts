import { z } from "zod";
import type { GatewayDeps } from "../deps.ts";
import { grantsOf, permissions } from "../domain/roles.ts";
import { route } from "../http/route.ts";
import { login } from "../use-cases/login.ts";
import { logout } from "../use-cases/logout.ts";
import { refreshSession } from "../use-cases/refresh-session.ts";
import { userView } from "../use-cases/user-view.ts";
import { userSchema } from "./users.ts";

const tags = ["Auth"];

const sessionSchema = z.object({
  accessToken: z.string().describe("JWT for `Authorization: Bearer …`; short-lived"),
  refreshToken: z
    .string()
    .describe("Opaque; trade it at /auth/refresh for a new session (single use)"),
  tokenType: z.literal("Bearer"),
  expiresIn: z.number().describe("Seconds until the access token expires"),
});

const permissionList = z.array(z.enum(permissions));
const meSchema = userSchema.extend({
  grants: z
    .object({
      organisation: permissionList,
      everySite: permissionList.describe("HQ roles: what they may do at every site"),
      sites: z.record(z.string(), permissionList).describe("Site id → what its role allows there"),
    })
    .describe("What this session may do, so a client shows only what will be allowed"),
});

const loginBody = z.strictObject({
  email: z.string().trim().min(1).max(200),
  password: z.string().min(1).max(200),
});

const refreshBody = z.strictObject({ refreshToken: z.string().min(1).max(200) });

export function authRoutes(deps: GatewayDeps) {
  return [
    route({
      method: "post",
      path: "/api/v1/auth/login",
      operationId: "login",
      summary: "Sign in with e-mail and password",
      description:
        "Rate-limited per e-mail and client address; too many attempts get 429 with Retry-After.",
      tags,
      access: "public",
      body: loginBody,
      responses: { 200: { description: "A new session", schema: sessionSchema } },
      handler: async ({ body, req }) => ({
        status: 200,
        body: await login(deps, {
          email: body.email,
          password: body.password,
          ip: req.ip ?? "unknown",
        }),
      }),
    }),
    route({
      method: "post",
      path: "/api/v1/auth/refresh",
      operationId: "refreshSession",
      summary: "Trade a refresh token for a new session",
      tags,
      access: "public",
      body: refreshBody,
      responses: {
        200: {
          description: "A new session; the old refresh token is spent",
          schema: sessionSchema,
        },
      },
      handler: async ({ body }) => ({
        status: 200,
        body: await refreshSession(deps, body.refreshToken),
      }),
    }),
    route({
      method: "post",
      path: "/api/v1/auth/logout",
      operationId: "logout",
      summary: "Revoke a refresh token",
      tags,
      access: "authenticated",
      body: refreshBody,
      responses: { 204: { description: "Revoked (or already was)" } },
      handler: async ({ body, principal }) => {
        await logout(deps, principal.userId, body.refreshToken);
        return { status: 204, body: null };
      },
    }),
    route({
      method: "get",
      path: "/api/v1/me",
      operationId: "me",
      summary: "Who you are and where you may work",
      tags,
      access: "authenticated",
      responses: { 200: { description: "The signed-in user", schema: meSchema } },
      handler: async ({ principal }) => {
        const user = await deps.db.user.findUniqueOrThrow({
          where: { id: principal.userId },
          include: { memberships: true },
        });
        return { status: 200, body: { ...userView(user), grants: grantsOf(principal) } };
      },
    }),
  ];
}
