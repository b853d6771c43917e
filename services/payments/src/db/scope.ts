import { notFound } from "@slms/errors";
import { type Caller, canSeeSite } from "@slms/grpc";
import type { PaymentsDeps, Tx } from "../deps.ts";
import { requireStorableId } from "../domain/fields.ts";
import type { PaymentRow } from "./rows.ts";

/**
 * Refuses a site outside the caller's scope as not found, so callers cannot probe other sites.
 * Sites belong to the assets service; operations that need the site's facts ask it.
 */
export function requireSiteInScope(caller: Caller, siteId: string): void {
  requireStorableId("siteId", siteId);
  if (!siteId || !canSeeSite(caller, siteId)) throw notFound("site");
}

/** The payment, if it was received at the site, in the caller's organisation and scope. */
export async function findPaymentInScope(
  db: PaymentsDeps["db"] | Tx,
  caller: Caller,
  siteId: string,
  paymentId: string,
  field = "id",
): Promise<PaymentRow> {
  requireSiteInScope(caller, siteId);
  requireStorableId(field, paymentId);
  const row = await db.payment.findFirst({
    where: { id: paymentId, orgId: caller.orgId, siteId },
    include: { allocations: true },
  });
  if (!row) throw notFound("payment");
  return row;
}
