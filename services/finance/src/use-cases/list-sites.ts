import type { FinanceSite } from "@slms/contracts/finance";
import { parseInput } from "@slms/errors";
import { z } from "zod";
import type { FinanceDeps } from "../deps.ts";
import { type EdgeClient, edgeCaller } from "../domain/edge-caller.ts";
import { pageSizeField, pageTokenField, updatedSinceField } from "../domain/paging.ts";
import { enumWord } from "../domain/vocabulary.ts";
import { fromOwner } from "./owner-errors.ts";

const input = z.object({
  page_size: pageSizeField,
  page_token: pageTokenField,
  updated_since: updatedSinceField,
});

export interface ListSitesInput {
  pageSize: number;
  pageToken: string;
  /** RFC 3339; set: sites updated since then, by update time (see the proto). */
  updatedSince?: string;
}

/**
 * The sites the client may read, by code — or, with `updated_since`, by update time (assets
 * answers within the client's scope, and applies the settle horizon).
 */
export async function listSites(
  deps: FinanceDeps,
  client: EdgeClient,
  request: ListSitesInput,
): Promise<{ sites: FinanceSite[]; nextPageToken: string }> {
  const value = parseInput(
    input,
    {
      page_size: request.pageSize,
      page_token: request.pageToken,
      updated_since: request.updatedSince ?? "",
    },
    "request",
  );
  const page = await deps
    .owners()
    .assets.ListSites(
      {
        pageSize: value.page_size,
        pageToken: value.page_token,
        updatedSince: value.updated_since,
      },
      { caller: edgeCaller(client) },
    )
    .catch(fromOwner("site"));
  return {
    sites: page.sites.map((site) => ({
      id: site.id,
      code: site.code,
      name: site.name,
      kind: enumWord("SITE_KIND", site.kind),
      timeZone: site.timeZone,
      currencyCode: site.currencyCode,
      address: site.address,
      updatedAt: site.updatedAt,
    })),
    nextPageToken: page.nextPageToken,
  };
}
