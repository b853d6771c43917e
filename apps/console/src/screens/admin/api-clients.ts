import type { Paths } from "../../api/client";

export type ApiClient =
  Paths["/api/v1/api-clients"]["get"]["responses"][200]["content"]["application/json"]["items"][number];
export type NewApiClient = NonNullable<
  Paths["/api/v1/api-clients"]["post"]["requestBody"]
>["content"]["application/json"];

export interface ApiClientFormValues {
  name?: string;
  scope?: "sites" | "all";
  siteIds?: string[];
  canPost?: boolean;
  /** A civil date (YYYY-MM-DD): the client expires at the start of that day, UTC+8 aside. */
  expiresOn?: string;
}

/** The create body from the form: the chosen sites or all sites, an expiry at the day's start. */
export function createApiClientBody(
  values: ApiClientFormValues,
  timeZoneOffset = "+08:00",
): NewApiClient {
  const all = values.scope === "all";
  return {
    name: (values.name ?? "").trim(),
    siteIds: all ? [] : (values.siteIds ?? []),
    allSites: all,
    canPost: values.canPost ?? false,
    ...(values.expiresOn ? { expiresAt: `${values.expiresOn}T00:00:00${timeZoneOffset}` } : {}),
  };
}

/** A client's state: revoked, expired (at `now`), or active. */
export function clientState(client: ApiClient, now = new Date()): "revoked" | "expired" | "active" {
  if (client.revokedAt) return "revoked";
  if (client.expiresAt && Date.parse(client.expiresAt) <= now.getTime()) return "expired";
  return "active";
}
