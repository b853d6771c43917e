import { DomainError, type FieldIssue, isDomainError } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import type { PaymentsDeps } from "../deps.ts";

/**
 * The customers and leases a request names, checked with the services that own them: "the
 * customer of this site", "the lease of this site and this customer". Every use case that takes
 * a customer or lease id asks here, so that no money is recorded against an object that does not
 * exist, belongs to another site, or to another customer.
 *
 * The owners are asked with the request's caller, and the object's stored site is compared with
 * the request's `siteId` (a caller may see several sites; the object must be of this one).
 * Anything else is `not_found`; for an id the request names as a field (`field` not null), the
 * error names that field. The owners being unreachable is `unavailable`: nothing is recorded
 * against an object that could not be checked.
 */

/** A customer as payments needs it: its name is the payer a receipt prints by default. */
export interface CustomerRef {
  id: string;
  name: string;
}

export type LeaseStatusName = "draft" | "active" | "expired" | "terminated";

/** A lease as payments needs it. */
export interface LeaseRef {
  id: string;
  customerId: string;
  status: LeaseStatusName;
  /** The human reference (contract number) receipts print. */
  reference: string;
}

/** The request field an id came from, or null when it is not a field (a path parameter). */
export type Field = string | null;

const statuses: Record<string, LeaseStatusName> = {
  LEASE_STATUS_DRAFT: "draft",
  LEASE_STATUS_ACTIVE: "active",
  LEASE_STATUS_EXPIRED: "expired",
  LEASE_STATUS_TERMINATED: "terminated",
};

/** A `not_found` for one object, naming the field it came from when there is one. */
export function notFoundAs(what: string, field: Field, message: string): DomainError {
  return new DomainError("not_found", `${what} not found`, field ? [{ field, message }] : []);
}

/** The customer, registered at the site (the customers service's site). */
export async function customerOfSite(
  deps: PaymentsDeps,
  caller: Caller,
  siteId: string,
  customerId: string,
  field: Field = "customerId",
): Promise<CustomerRef> {
  const refused = () => notFoundAs("customer", field, "is not a customer of this site");
  const { customer } = await deps.customers
    .GetCustomer({ siteId, id: customerId }, { caller })
    .catch(rethrowNotFound(refused));
  if (!customer || customer.siteId !== siteId || customer.orgId !== caller.orgId) throw refused();
  return { id: customer.id, name: customer.name };
}

/** The lease, of the site. */
export async function leaseOfSite(
  deps: PaymentsDeps,
  caller: Caller,
  siteId: string,
  leaseId: string,
  field: Field = "leaseId",
): Promise<LeaseRef> {
  const refused = () => notFoundAs("lease", field, "is not a lease of this site");
  const { lease } = await deps.contracts
    .GetLease({ siteId, id: leaseId }, { caller })
    .catch(rethrowNotFound(refused));
  const status = lease ? statuses[lease.status] : undefined;
  if (!lease || !status || lease.siteId !== siteId || lease.orgId !== caller.orgId) {
    throw refused();
  }
  return { id: lease.id, customerId: lease.customerId, status, reference: lease.reference };
}

/**
 * The customer of the site and, when a lease is named, the lease of the site that is that
 * customer's — asked of both owners at once. All that is wrong is reported in one `not_found`.
 * A lease of another customer names the lease field when the lease is a request field, else the
 * customer field (the lease is then the resource the request is about, e.g. its deposits).
 */
export async function partiesOf<L extends string | null | undefined>(
  deps: PaymentsDeps,
  caller: Caller,
  siteId: string,
  named: { customerId: string; leaseId?: L },
  fields: { customerId?: Field; leaseId?: Field } = {},
): Promise<{ customer: CustomerRef; lease: L extends string ? LeaseRef : LeaseRef | null }> {
  const customerField = fields.customerId === undefined ? "customerId" : fields.customerId;
  const leaseField = fields.leaseId === undefined ? "leaseId" : fields.leaseId;
  const [customer, lease] = await Promise.allSettled([
    customerOfSite(deps, caller, siteId, named.customerId, customerField),
    named.leaseId ? leaseOfSite(deps, caller, siteId, named.leaseId, leaseField) : null,
  ]);
  const issues: FieldIssue[] = [];
  const missing: string[] = [];
  for (const outcome of [customer, lease]) {
    if (outcome.status === "fulfilled") continue;
    const error = outcome.reason;
    if (!(isDomainError(error) && error.kind === "not_found")) throw error;
    missing.push(error.message.replace(/ not found$/, ""));
    issues.push(...error.details);
  }
  if (customer.status === "fulfilled" && lease.status === "fulfilled") {
    if (!lease.value || lease.value.customerId === customer.value.id) {
      return {
        customer: customer.value,
        lease: lease.value as L extends string ? LeaseRef : LeaseRef | null,
      };
    }
    if (leaseField) issues.push({ field: leaseField, message: "is not a lease of this customer" });
    else if (customerField) {
      issues.push({ field: customerField, message: "is not the customer of this lease" });
    }
    missing.push("lease of this customer");
  }
  throw new DomainError("not_found", `${missing.join(" and ")} not found`, issues);
}

/** Settles a lookup's failure: the owner's `not_found` becomes ours; anything else stays. */
function rethrowNotFound(refused: () => DomainError) {
  return (error: unknown): never => {
    if (isDomainError(error) && error.kind === "not_found") throw refused();
    throw error;
  };
}
