import { z } from "zod";
import type { GatewayDeps } from "../deps.ts";
import { hqRoles, siteRoles } from "../domain/roles.ts";
import { route } from "../http/route.ts";
import { assetsSiteChecker, createUser, createUserInput } from "../use-cases/create-user.ts";
import { listUsers } from "../use-cases/list-users.ts";

const tags = ["Users"];

export const userSchema = z.object({
  id: z.string(),
  orgId: z.string(),
  email: z.string(),
  name: z.string(),
  hqRole: z.enum(hqRoles).nullable(),
  disabled: z.boolean(),
  memberships: z.array(z.object({ siteId: z.string(), role: z.enum(siteRoles) })),
  createdAt: z.string(),
});

export function userRoutes(deps: GatewayDeps) {
  const siteExists = assetsSiteChecker(deps.assets);

  return [
    route({
      method: "get",
      path: "/api/v1/users",
      operationId: "listUsers",
      summary: "List the users of your organisation",
      tags,
      access: "users.read",
      responses: {
        200: { description: "Users by e-mail", schema: z.object({ items: z.array(userSchema) }) },
      },
      handler: async ({ principal }) => ({
        status: 200,
        body: { items: await listUsers(deps.db, principal.orgId) },
      }),
    }),
    route({
      method: "post",
      path: "/api/v1/users",
      operationId: "createUser",
      summary: "Create a user with an HQ role and/or site memberships (HQ admin)",
      tags,
      access: "users.manage",
      body: createUserInput,
      idempotency: "optional",
      responses: { 201: { description: "The new user", schema: userSchema } },
      handler: async ({ principal, body }) => ({
        status: 201,
        body: await createUser(deps.db, siteExists, principal.orgId, principal.userId, body),
      }),
    }),
  ];
}
