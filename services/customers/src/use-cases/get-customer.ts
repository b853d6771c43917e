import type { Caller } from "@slms/grpc";
import { customerViews } from "../db/rows.ts";
import { findCustomerInScope } from "../db/scope.ts";
import type { CustomersDeps } from "../deps.ts";
import type { CustomerView } from "../domain/views.ts";

/** One customer of a site; the ID number in full only for callers allowed to read it. */
export async function getCustomer(
  deps: CustomersDeps,
  caller: Caller,
  siteId: string,
  customerId: string,
): Promise<CustomerView> {
  const row = await findCustomerInScope(deps.db, caller, siteId, customerId);
  return customerViews(deps, caller)(row);
}
