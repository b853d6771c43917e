import { termsFromProto } from "@slms/contracts";
import type { FinanceLease } from "@slms/contracts/finance";
import { parseInput } from "@slms/errors";
import { todayIn } from "@slms/primitives";
import { z } from "zod";
import type { FinanceDeps } from "../deps.ts";
import { currentVersion } from "../domain/current-terms.ts";
import { type EdgeClient, edgeCaller } from "../domain/edge-caller.ts";
import { pageSizeField, pageTokenField, siteIdField, updatedSinceField } from "../domain/paging.ts";
import { enumWord } from "../domain/vocabulary.ts";
import type { SitePageInput } from "./list-units.ts";
import { fromOwner } from "./owner-errors.ts";
import { siteInScope } from "./site-in-scope.ts";

const input = z.object({
  site_id: siteIdField,
  page_size: pageSizeField,
  page_token: pageTokenField,
  updated_since: updatedSinceField,
});

/**
 * A site's lease contracts (by update time with `updated_since`) with the terms in force today
 * (the site's time zone) as JSON — the REST API's `terms` object (termsFromProto), so both edges
 * describe terms alike.
 */
export async function listLeases(
  deps: FinanceDeps,
  client: EdgeClient,
  request: SitePageInput,
): Promise<{ leases: FinanceLease[]; nextPageToken: string }> {
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
  const site = await siteInScope(deps, client, value.site_id);
  const today = todayIn(site.timeZone, deps.clock());
  const page = await deps
    .owners()
    .contracts.ListLeases(
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
    leases: page.leases.map((lease) => {
      const current = currentVersion(lease.versions, today);
      return {
        id: lease.id,
        siteId: lease.siteId,
        reference: lease.reference,
        customerId: lease.customerId,
        unitIds: lease.unitIds,
        startDate: lease.startDate,
        endDate: lease.endDate,
        status: enumWord("LEASE_STATUS", lease.status),
        currencyCode: lease.currencyCode,
        currentTermsJson: current?.terms ? JSON.stringify(termsFromProto(current.terms)) : "",
        terminationDate: lease.terminationDate,
        updatedAt: lease.updatedAt,
      };
    }),
    nextPageToken: page.nextPageToken,
  };
}
