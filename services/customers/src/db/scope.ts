import { notFound } from "@slms/errors";
import { type Caller, canSeeSite } from "@slms/grpc";
import type { CustomersDeps, Tx } from "../deps.ts";
import type { Customer } from "../generated/prisma/client.ts";

/**
 * Refuses a site outside the caller's scope as not found, so callers cannot probe other sites.
 * Sites belong to the assets service; the edge checks that a site exists before creating.
 */
export function requireSiteInScope(caller: Caller, siteId: string): void {
  if (!siteId || !canSeeSite(caller, siteId)) throw notFound("site");
}

/**
 * The customer, if it is the record of the request's site (its stored site is `siteId`), in the
 * caller's organisation and site scope. An empty `siteId` looks across every site in the
 * caller's scope — on a site's route the gateway sends that one site as the scope. Anything else
 * is reported as not found.
 */
export async function findCustomerInScope(
  db: CustomersDeps["db"] | Tx,
  caller: Caller,
  siteId: string,
  customerId: string,
): Promise<Customer> {
  if (siteId) requireSiteInScope(caller, siteId);
  const sites = siteId
    ? { siteId }
    : caller.siteIds === "all"
      ? {}
      : { siteId: { in: [...caller.siteIds] } };
  const row = await db.customer.findFirst({
    where: { id: customerId, orgId: caller.orgId, ...sites },
  });
  if (!row) throw notFound("customer");
  return row;
}
