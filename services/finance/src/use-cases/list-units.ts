import type { FinanceUnit } from "@slms/contracts/finance";
import { parseInput } from "@slms/errors";
import { z } from "zod";
import type { FinanceDeps } from "../deps.ts";
import { type EdgeClient, edgeCaller } from "../domain/edge-caller.ts";
import { pageSizeField, pageTokenField, siteIdField, updatedSinceField } from "../domain/paging.ts";
import { enumWord } from "../domain/vocabulary.ts";
import { fromOwner } from "./owner-errors.ts";
import { siteInScope } from "./site-in-scope.ts";

const input = z.object({
  site_id: siteIdField,
  page_size: pageSizeField,
  page_token: pageTokenField,
  updated_since: updatedSinceField,
});

export interface SitePageInput {
  siteId: string;
  pageSize: number;
  pageToken: string;
  /** RFC 3339; set: records updated since then, by update time (see the proto). */
  updatedSince?: string;
}

/**
 * A site's units by code — or, with `updated_since`, those updated since then by (updated_at, id),
 * settled ones only (assets applies the horizon); a site outside the client's scope is NOT_FOUND.
 */
export async function listUnits(
  deps: FinanceDeps,
  client: EdgeClient,
  request: SitePageInput,
): Promise<{ units: FinanceUnit[]; nextPageToken: string }> {
  const value = parseInput(
    input,
    {
      site_id: request.siteId,
      page_size: request.pageSize,
      page_token: request.pageToken,
      updated_since: request.updatedSince ?? "",
    },
    "request",
  );
  await siteInScope(deps, client, value.site_id);
  const page = await deps
    .owners()
    .assets.ListUnits(
      {
        siteId: value.site_id,
        pageSize: value.page_size,
        pageToken: value.page_token,
        updatedSince: value.updated_since,
      },
      { caller: edgeCaller(client) },
    )
    .catch(fromOwner("site"));
  return {
    units: page.units.map((unit) => ({
      id: unit.id,
      siteId: unit.siteId,
      code: unit.code,
      name: unit.name,
      kind: enumWord("UNIT_KIND", unit.kind),
      floor: unit.floor,
      grossAreaM2: unit.grossAreaM2,
      usableAreaM2: unit.usableAreaM2,
      listRentMonthly: unit.listRentMonthly
        ? {
            currencyCode: unit.listRentMonthly.currencyCode,
            amountMinor: unit.listRentMonthly.amountMinor,
          }
        : null,
      status: enumWord("UNIT_STATUS", unit.status),
      updatedAt: unit.updatedAt,
    })),
    nextPageToken: page.nextPageToken,
  };
}
