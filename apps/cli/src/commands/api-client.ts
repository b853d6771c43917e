import type { ApiClient } from "@slms/contracts/finance";
import { type GatewayDeps, systemCaller } from "@slms/gateway/admin";
import type { Logger } from "@slms/logging";
import { withPlatform } from "../handles.ts";

export interface CreateApiClientArgs {
  org: string;
  name: string;
  /** Site codes, as staff know them; empty with `allSites`. */
  sites: string[];
  allSites: boolean;
  canPost: boolean;
  expiresAt?: string | undefined;
}

function edge(deps: GatewayDeps) {
  if (!deps.apiClients)
    throw new Error(
      "the finance edge is not configured: set FINANCE_GRPC_URL (infrastructure mode)",
    );
  return deps.apiClients;
}

async function organisationCaller(deps: GatewayDeps, org: string) {
  const { organisation } = await deps.assets.GetOrganisation(
    { code: org },
    { caller: systemCaller },
  );
  return { ...systemCaller, orgId: organisation!.id };
}

/** Creates an API client of the finance edge; the secret is in the answer, shown once. */
export async function createApiClientCommand(logger: Logger, args: CreateApiClientArgs) {
  return withPlatform(logger, async (deps) => {
    const caller = await organisationCaller(deps, args.org);
    const { sites } = await deps.assets.ListSites({ pageSize: 500 }, { caller });
    const siteIds = args.sites.map((code) => {
      const site = sites.find((s) => s.code === code);
      if (!site) throw new Error(`--site ${code}: no such site in ${args.org}`);
      return site.id;
    });
    return edge(deps).CreateApiClient(
      {
        name: args.name,
        siteIds,
        allSites: args.allSites,
        canPost: args.canPost,
        expiresAt: args.expiresAt ?? "",
        requestsPerMinute: 0,
      },
      { caller },
    );
  });
}

/** The organisation's API clients (never their secrets). */
export async function listApiClientsCommand(logger: Logger, org: string): Promise<ApiClient[]> {
  return withPlatform(logger, async (deps) => {
    const caller = await organisationCaller(deps, org);
    return (await edge(deps).ListApiClients({}, { caller })).clients;
  });
}

/** Revokes an API client at once. */
export async function revokeApiClientCommand(logger: Logger, org: string, id: string) {
  return withPlatform(logger, async (deps) => {
    const caller = await organisationCaller(deps, org);
    return (await edge(deps).RevokeApiClient({ id }, { caller })).client!;
  });
}
