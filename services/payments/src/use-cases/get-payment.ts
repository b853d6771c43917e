import type { Caller } from "@slms/grpc";
import { paymentView } from "../db/rows.ts";
import { findPaymentInScope } from "../db/scope.ts";
import type { PaymentsDeps } from "../deps.ts";
import type { PaymentView } from "../domain/views.ts";

/** One payment of a site, with billing's allocation as last stored. */
export async function getPayment(
  deps: PaymentsDeps,
  caller: Caller,
  siteId: string,
  paymentId: string,
): Promise<PaymentView> {
  return paymentView(await findPaymentInScope(deps.db, caller, siteId, paymentId));
}
