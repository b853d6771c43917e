import type { FinanceSite } from "@slms/contracts/finance";
import { parseInput } from "@slms/errors";
import { z } from "zod";
import type { FinanceDeps } from "../deps.ts";
import { type EdgeClient, edgeCaller } from "../domain/edge-caller.ts";
import { pageSizeField, pageTokenField } from "../domain/paging.ts";
import { enumWord } from "../domain/vocabulary.ts";
import { fromOwner } from "./owner-errors.ts";

const input = z.object({ page_size: pageSizeField, page_token: pageTokenField });

export interface ListSitesInput {
  pageSize: number;
  pageToken: string;
}

/** The sites the client may read, by code (assets answers within the client's scope). */
export async function listSites(
  deps: FinanceDeps,
  client: EdgeClient,
  request: ListSitesInput,
): Promise<{ sites: FinanceSite[]; nextPageToken: string }> {
  const value = parseInput(
    input,
    { page_size: request.pageSize, page_token: request.pageToken },
    "request",
  );
  const page = await deps
    .owners()
    .assets.ListSites(
      { pageSize: value.page_size, pageToken: value.page_token },
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
