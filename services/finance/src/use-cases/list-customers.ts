import type { FinanceCustomer } from "@slms/contracts/finance";
import { parseInput } from "@slms/errors";
import { z } from "zod";
import type { FinanceDeps } from "../deps.ts";
import { type EdgeClient, edgeCaller } from "../domain/edge-caller.ts";
import { maskIdNumber } from "../domain/mask-id-number.ts";
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
 * A site's customers by name (by update time with `updated_since`). ID numbers are masked here
 * to their last four characters, whatever the customers service answered (it masks by role, and
 * its mask shows more).
 */
export async function listCustomers(
  deps: FinanceDeps,
  client: EdgeClient,
  request: SitePageInput,
): Promise<{ customers: FinanceCustomer[]; nextPageToken: string }> {
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
    .customers.ListCustomers(
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
    customers: page.customers.map((customer) => ({
      id: customer.id,
      siteId: customer.siteId,
      kind: enumWord("CUSTOMER_KIND", customer.kind),
      name: customer.name,
      idDocumentType: enumWord("ID_DOCUMENT_TYPE", customer.idDocumentType),
      idNumberMasked: maskIdNumber(customer.idNumber),
      phones: customer.phones,
      email: customer.email,
      updatedAt: customer.updatedAt,
    })),
    nextPageToken: page.nextPageToken,
  };
}
