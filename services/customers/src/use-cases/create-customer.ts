import { newId, writeOutbox } from "@slms/db";
import { invalid } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { customerRecord } from "../db/customer-record.ts";
import { findIdNumberHolder, guardIdNumberRace, idNumberTaken } from "../db/duplicates.ts";
import { customerViews } from "../db/rows.ts";
import { requireSiteInScope } from "../db/scope.ts";
import type { CustomersDeps } from "../deps.ts";
import { idIssues } from "../domain/fields.ts";
import { checkNewCustomer, type NewCustomerRequest } from "../domain/new-customer.ts";
import type { CustomerView } from "../domain/views.ts";
import { customerCreated } from "../events/customer-events.ts";

export type CreateCustomerRequest = NewCustomerRequest;

/**
 * Registers a customer at a site and announces it (`customers.customer.created`) in the same
 * transaction. An ID number already registered at the site is a conflict naming the site's
 * customer holding it, also when two registrations race. The same number at another site is
 * that site's own record of the person: this one is registered too, with the same party id.
 */
export async function createCustomer(
  deps: CustomersDeps,
  caller: Caller,
  siteId: string,
  request: CreateCustomerRequest,
): Promise<CustomerView> {
  const checked = checkNewCustomer(request);
  const issues = [...idIssues({ siteId }), ...("issues" in checked ? checked.issues : [])];
  if ("issues" in checked || issues.length > 0) throw invalid("invalid customer", issues);
  requireSiteInScope(caller, siteId);

  const record = customerRecord(
    deps,
    { id: newId("cus"), orgId: caller.orgId, siteId },
    checked.customer,
    checked.number,
  );
  const slot = { orgId: caller.orgId, siteId, idNumberHmac: record.idNumberHmac };
  const holder = await findIdNumberHolder(deps.db, slot);
  if (holder) throw idNumberTaken(holder);
  const row = await guardIdNumberRace(deps.db, slot, undefined, () =>
    deps.db.$transaction(async (tx) => {
      const created = await tx.customer.create({ data: record });
      await writeOutbox(tx, customerCreated(caller, { ...created, partyId: record.partyId }));
      return created;
    }),
  );
  deps.outboxWritten();
  return customerViews(deps, caller)(row);
}
