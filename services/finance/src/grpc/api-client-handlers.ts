import type { ApiClientServiceDefinition } from "@slms/contracts/finance";
import { type CallContext, requireCaller, type UnaryHandlers } from "@slms/grpc";
import type { FinanceDeps } from "../deps.ts";
import { createApiClient } from "../use-cases/create-api-client.ts";
import { listApiClients } from "../use-cases/list-api-clients.ts";
import { revokeApiClient } from "../use-cases/revoke-api-client.ts";
import { toApiClient } from "./mappers.ts";

const caller = (context: CallContext) => requireCaller(context.caller);

/** Internal `ApiClientService` ⇄ use-cases (the gateway's HQ admins). Only mapping here. */
export function apiClientHandlers(deps: FinanceDeps): UnaryHandlers<ApiClientServiceDefinition> {
  return {
    CreateApiClient: async (req, ctx) => {
      const created = await createApiClient(deps, caller(ctx), {
        name: req.name,
        siteIds: req.siteIds,
        allSites: req.allSites,
        canPost: req.canPost,
        expiresAt: req.expiresAt,
        requestsPerMinute: req.requestsPerMinute,
      });
      return { client: toApiClient(created.client), secret: created.secret };
    },
    ListApiClients: async (_req, ctx) => ({
      clients: (await listApiClients(deps, caller(ctx))).map(toApiClient),
    }),
    RevokeApiClient: async (req, ctx) => ({
      client: toApiClient(await revokeApiClient(deps, caller(ctx), { id: req.id })),
    }),
  };
}
