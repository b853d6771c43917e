import { invalid } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { customerViews } from "../db/rows.ts";
import { findCustomerInScope } from "../db/scope.ts";
import type { CustomersDeps } from "../deps.ts";
import { idIssues } from "../domain/fields.ts";
import type { CustomerView } from "../domain/views.ts";

/**
 * One customer: the site's own record when `siteId` is given (a customer of another site is not
 * found, even for callers who may see both), else the record at any site in the caller's scope.
 * The ID number in full only for callers allowed to read it.
 */
export async function getCustomer(
  deps: CustomersDeps,
  caller: Caller,
  siteId: string,
  customerId: string,
): Promise<CustomerView> {
  const issues = idIssues({ siteId, id: customerId });
  if (issues.length > 0) throw invalid("invalid customer reference", issues);
  const row = await findCustomerInScope(deps.db, caller, siteId, customerId);
  return customerViews(deps, caller)(row);
}
