import { DomainError, isDomainError, notFound } from "@slms/errors";
import { type Caller, canSeeSite } from "@slms/grpc";
import type { BillingDeps } from "./deps.ts";
import type { BillingLease } from "./generated/prisma/client.ts";

// Every billing read and write is scoped to the request's site: the site must be one the caller
// may see, and every object the request touches must be of that site — compared with the
// object's own stored site, never merely with the caller's list of sites (a user with roles at
// two sites must not read site B's objects under site A). Objects of another site, or of no
// site at all, are NOT_FOUND, so callers cannot probe for them. Objects the request body names
// (a customer, lease, unit) are NOT_FOUND with a field issue naming the field.

/** Refuses a site outside the caller's scope as not found. */
export function requireSiteInScope(caller: Caller, siteId: string, what = "site"): void {
  if (!canSeeSite(caller, siteId)) throw notFound(what);
}

/** NOT_FOUND for an object a request field names, naming the field. */
export const notOfSite = (what: string, field: string, message = `is not a ${what} of this site`) =>
  new DomainError("not_found", `${what} not found`, [{ field, message }]);

const isNotFound = (error: unknown) => isDomainError(error) && error.kind === "not_found";

/**
 * A customer of the site: billing's ledger has it there (a lease, a bill, a prepayment or an
 * allocated payment), or else the customers service knows it at the site. NOT_FOUND naming
 * `field` otherwise. Answers whether billing has a ledger for it at the site.
 */
export async function requireCustomerOfSite(
  deps: BillingDeps,
  caller: Caller,
  siteId: string,
  customerId: string,
  field = "customerId",
): Promise<{ hasLedger: boolean }> {
  const [row] = await deps.db.$queryRaw<{ known: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM billing_leases
                   WHERE customer_id = ${customerId} AND site_id = ${siteId} AND org_id = ${caller.orgId})
        OR EXISTS (SELECT 1 FROM bills
                   WHERE customer_id = ${customerId} AND site_id = ${siteId} AND org_id = ${caller.orgId})
        OR EXISTS (SELECT 1 FROM prepayment_entries
                   WHERE customer_id = ${customerId} AND site_id = ${siteId} AND org_id = ${caller.orgId})
        OR EXISTS (SELECT 1 FROM payment_allocations
                   WHERE customer_id = ${customerId} AND site_id = ${siteId} AND org_id = ${caller.orgId})
      AS known`;
  if (row?.known) return { hasLedger: true };
  try {
    await deps.customers.GetCustomer({ siteId, id: customerId }, { caller });
  } catch (error) {
    if (isNotFound(error)) throw notOfSite("customer", field);
    throw error;
  }
  return { hasLedger: false };
}

/**
 * A lease of the site — and of the customer, when one is given: billing's copy, or, for a lease
 * billing has not seen activated (a draft), the contracts service's. NOT_FOUND naming `field`
 * otherwise. Answers billing's copy (null for a lease only contracts knows) and its currency.
 */
export async function requireLeaseOfSite(
  deps: BillingDeps,
  caller: Caller,
  siteId: string,
  leaseId: string,
  options: { customerId?: string; field?: string } = {},
): Promise<{ known: BillingLease | null; currency: string }> {
  const field = options.field ?? "leaseId";
  const ofCustomer = (customerId: string) =>
    options.customerId === undefined || options.customerId === customerId;
  const known = await deps.db.billingLease.findFirst({
    where: { id: leaseId, siteId, orgId: caller.orgId },
  });
  if (known) {
    if (!ofCustomer(known.customerId))
      throw notOfSite("lease", field, "is not a lease of the customer");
    return { known, currency: known.currency };
  }
  let lease: Awaited<ReturnType<BillingDeps["contracts"]["GetLease"]>>["lease"];
  try {
    ({ lease } = await deps.contracts.GetLease({ siteId, id: leaseId }, { caller }));
  } catch (error) {
    if (isNotFound(error)) throw notOfSite("lease", field);
    throw error;
  }
  if (!lease || lease.siteId !== siteId) throw notOfSite("lease", field);
  if (!ofCustomer(lease.customerId))
    throw notOfSite("lease", field, "is not a lease of the customer");
  return { known: null, currency: lease.currencyCode };
}

/**
 * Units of the site (the assets service's), each named by its request field. NOT_FOUND naming
 * the first field whose unit is not of the site. Answers the units' gross areas in hundredths
 * of a m², by unit id.
 */
export async function requireUnitsOfSite(
  deps: BillingDeps,
  caller: Caller,
  siteId: string,
  units: readonly { field: string; unitId: string }[],
): Promise<Map<string, number>> {
  const areas = await Promise.all(
    units.map(async ({ unitId }) => {
      try {
        const { unit } = await deps.assets.GetUnit({ siteId, id: unitId }, { caller });
        return unit && unit.siteId === siteId ? Math.round(Number(unit.grossAreaM2) * 100) : null;
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
    }),
  );
  const missing = areas.indexOf(null);
  if (missing >= 0) throw notOfSite("unit", units[missing]!.field);
  return new Map(units.map(({ unitId }, i) => [unitId, areas[i]!]));
}

/**
 * The site's time zone and currency: those of a lease billing holds there (leases take both from
 * their site), else the assets service's.
 */
export async function siteFacts(
  deps: BillingDeps,
  caller: Caller,
  siteId: string,
): Promise<{ timeZone: string; currency: string }> {
  const lease = await deps.db.billingLease.findFirst({
    where: { siteId, orgId: caller.orgId },
    select: { timeZone: true, currency: true },
  });
  if (lease) return lease;
  try {
    const { site } = await deps.assets.GetSite({ id: siteId }, { caller });
    if (site) return { timeZone: site.timeZone, currency: site.currencyCode };
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  throw notFound("site");
}
