import type { ApiClient } from "@slms/contracts/finance";
import { z } from "zod";
import type { GatewayDeps } from "../deps.ts";
import { id, instant, integer, requiredText } from "../http/fields.ts";
import { route } from "../http/route.ts";
import { financeClient } from "./finance-edge.ts";

const tags = ["API clients"];

const apiClientSchema = z.object({
  id: z.string().describe("`apc_…`: the first half of the bearer credential"),
  name: z.string(),
  siteIds: z.array(z.string()),
  allSites: z.boolean(),
  canPost: z.boolean(),
  requestsPerMinute: z.number(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
});

const createBody = z
  .strictObject({
    name: requiredText(100),
    siteIds: z.array(id).max(500).default([]),
    allSites: z.boolean().default(false),
    canPost: z.boolean().default(false),
    expiresAt: instant.optional(),
    requestsPerMinute: integer(1, 6_000).optional(),
  })
  .refine((body) => body.allSites !== body.siteIds.length > 0, {
    message: "give siteIds, or allSites: true — one of the two",
    path: ["siteIds"],
  });

const clientParams = z.strictObject({ clientId: id });

const clientOut = (client: ApiClient) => ({
  id: client.id,
  name: client.name,
  siteIds: client.siteIds,
  allSites: client.allSites,
  canPost: client.canPost,
  requestsPerMinute: client.requestsPerMinute,
  expiresAt: client.expiresAt || null,
  revokedAt: client.revokedAt || null,
  lastUsedAt: client.lastUsedAt || null,
  createdBy: client.createdBy,
  createdAt: client.createdAt,
});

/** API clients of the finance edge: ERP and finance systems' credentials (HQ admins). */
export function apiClientRoutes(deps: GatewayDeps) {
  const edge = () => financeClient(deps, "apiClients");
  return [
    route({
      method: "post",
      path: "/api/v1/api-clients",
      operationId: "createApiClient",
      summary: "Create an API client for the ERP gRPC edge; its secret is shown once",
      description:
        "The ERP calls the finance edge with `authorization: Bearer <id>.<secret>` (docs/integration.md). Only a hash of the secret is kept.",
      tags,
      access: "apiClients.manage",
      body: createBody,
      idempotency: "optional",
      responses: {
        201: {
          description: "The client and its secret (shown this once)",
          schema: z.object({ client: apiClientSchema, secret: z.string() }),
        },
      },
      handler: async ({ body, caller }) => {
        const created = await edge().CreateApiClient(
          {
            name: body.name,
            siteIds: body.siteIds,
            allSites: body.allSites,
            canPost: body.canPost,
            expiresAt: body.expiresAt ?? "",
            requestsPerMinute: body.requestsPerMinute ?? 0,
          },
          { caller },
        );
        return {
          status: 201,
          body: { client: clientOut(created.client!), secret: created.secret },
        };
      },
    }),
    route({
      method: "get",
      path: "/api/v1/api-clients",
      operationId: "listApiClients",
      summary: "The organisation's API clients, newest first (never their secrets)",
      tags,
      access: "apiClients.read",
      responses: {
        200: {
          description: "API clients",
          schema: z.object({ items: z.array(apiClientSchema) }),
        },
      },
      handler: async ({ caller }) => {
        const { clients } = await edge().ListApiClients({}, { caller });
        return { status: 200, body: { items: clients.map(clientOut) } };
      },
    }),
    route({
      method: "post",
      path: "/api/v1/api-clients/{clientId}/revoke",
      operationId: "revokeApiClient",
      summary: "Revoke an API client at once (again: no change)",
      tags,
      access: "apiClients.manage",
      params: clientParams,
      responses: { 200: { description: "The revoked client", schema: apiClientSchema } },
      handler: async ({ params, caller }) => {
        const { client } = await edge().RevokeApiClient({ id: params.clientId }, { caller });
        return { status: 200, body: clientOut(client!) };
      },
    }),
  ];
}
