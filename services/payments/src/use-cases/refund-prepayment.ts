import { newId, writeOutbox } from "@slms/db";
import { isDomainError, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { partiesOf } from "../clients/references.ts";
import { checkRepeat } from "../db/idempotency.ts";
import { refundView } from "../db/rows.ts";
import { requireSiteInScope } from "../db/scope.ts";
import { isUniqueViolation } from "../db/unique.ts";
import type { PaymentsDeps } from "../deps.ts";
import { amountMinor, id, method, optionalId, reason, requestId } from "../domain/fields.ts";
import { fingerprint } from "../domain/fingerprint.ts";
import { toSafeNumber } from "../domain/money.ts";
import type { RefundView } from "../domain/views.ts";
import { prepaymentRefundedEvent } from "../events/deposit-events.ts";
import type { Refund } from "../generated/prisma/client.ts";

const input = z.object({
  requestId,
  customerId: id,
  leaseId: optionalId,
  amountMinor,
  method,
  reason,
});

export type RefundPrepaymentRequest = z.input<typeof input>;

/**
 * Pays back (part of) a customer's prepayment (of one lease, or not tied to a lease). The request
 * id is claimed first (a pending refund row), then billing withdraws the money from the balance
 * with the refund's id as its reference — so however often the request is repeated or raced,
 * billing withdraws once. Billing refuses more than the balance (`amountMinor`); then the claim
 * is dropped and the request id is free again. A completed refund is announced once
 * (`payments.prepayment.refunded`, in the transaction that completes it).
 *
 * The customer must be of the site and the lease (if any) of the site and that customer (asked of
 * their owners before anything is claimed): otherwise `not_found` naming the field.
 */
export async function refundPrepayment(
  deps: PaymentsDeps,
  caller: Caller,
  siteId: string,
  request: RefundPrepaymentRequest,
): Promise<{ refund: RefundView; remainingMinor: number }> {
  const data = parseInput(input, request, "refund");
  requireSiteInScope(caller, siteId);
  const { requestId: key, ...content } = data;
  const print = fingerprint({ siteId, ...content });

  let row = await findByRequestId(deps, caller.orgId, key);
  if (!row) {
    const [site] = await Promise.all([
      deps.sites.facts(caller, siteId),
      partiesOf(deps, caller, siteId, { customerId: data.customerId, leaseId: data.leaseId }),
    ]);
    try {
      row = await deps.db.refund.create({
        data: {
          id: newId("rfd"),
          orgId: caller.orgId,
          siteId,
          customerId: data.customerId,
          leaseId: data.leaseId,
          amountMinor: BigInt(data.amountMinor),
          currency: site.currency,
          method: data.method,
          reason: data.reason,
          requestId: key,
          requestFingerprint: print,
          createdBy: caller.actor,
        },
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      row = await findByRequestId(deps, caller.orgId, key);
      if (!row) throw error;
    }
  }
  checkRepeat(row, print, "refund", row.id);
  if (row.status === "completed" && row.remainingMinor !== null) return result(row);

  let remainingMinor: number;
  try {
    ({ remainingMinor } = await deps.billing.WithdrawPrepayment(
      {
        siteId,
        customerId: row.customerId,
        leaseId: row.leaseId ?? "",
        amountMinor: toSafeNumber(row.amountMinor),
        reference: row.id,
        reason: row.reason,
      },
      { caller },
    ));
  } catch (error) {
    // Refused (e.g. more than the balance): nothing was withdrawn, so the claim goes. Unreachable:
    // the claim stays, and repeating the request asks billing again under the same reference.
    if (isDomainError(error) && error.kind !== "unavailable") {
      await deps.db.refund.deleteMany({ where: { id: row.id, status: "pending" } });
    }
    throw error;
  }
  // Completed once, with its event, however often the request is repeated or raced.
  const completed = await deps.db.$transaction(async (tx) => {
    const claimed = await tx.refund.updateMany({
      where: { id: row.id, status: "pending" },
      data: { status: "completed", remainingMinor: BigInt(remainingMinor) },
    });
    const done = await tx.refund.findUniqueOrThrow({ where: { id: row.id } });
    if (claimed.count > 0) await writeOutbox(tx, prepaymentRefundedEvent(caller.actor, done));
    return { done, announced: claimed.count > 0 };
  });
  if (completed.announced) deps.outboxWritten();
  return result(completed.done);
}

function findByRequestId(deps: PaymentsDeps, orgId: string, requestId: string) {
  return deps.db.refund.findUnique({ where: { orgId_requestId: { orgId, requestId } } });
}

function result(row: Refund) {
  return { refund: refundView(row), remainingMinor: toSafeNumber(row.remainingMinor ?? 0n) };
}
