import { writeOutbox } from "@slms/db";
import { conflict, isDomainError, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { claimPayment } from "../db/allocation.ts";
import { paymentView } from "../db/rows.ts";
import { findPaymentInScope } from "../db/scope.ts";
import type { PaymentsDeps } from "../deps.ts";
import { reason } from "../domain/fields.ts";
import type { PaymentView } from "../domain/views.ts";
import { paymentReversed } from "../events/payment-events.ts";

const input = z.object({ reason });

/** Longest a reversal waits for an allocation of the payment under way. */
const WAIT_FOR_BUSY_MS = 20_000;

/**
 * Reverses a payment with a reason: billing undoes its allocations (the bills reopen, its
 * prepayment is withdrawn), then the payment is marked reversed and `payments.payment.reversed`
 * written in one transaction. The receipt becomes void; its number stays used (no gaps, no reuse).
 *
 * The payment is claimed (`busy_until`) before billing is asked, so a reversal never overlaps an
 * allocation of the same payment: it waits for one under way (then undoes what it did), and no
 * allocation starts meanwhile. Billing is asked with no database transaction open. Idempotent:
 * reversing a reversed payment returns it unchanged. If billing cannot be reached nothing changes
 * and the call fails `unavailable`; try again.
 */
export async function reversePayment(
  deps: PaymentsDeps,
  caller: Caller,
  siteId: string,
  paymentId: string,
  request: z.input<typeof input>,
): Promise<PaymentView> {
  const data = parseInput(input, request, "reversal");
  const found = await findPaymentInScope(deps.db, caller, siteId, paymentId);
  if (found.status === "reversed") return paymentView(found);
  const deadline = Date.now() + WAIT_FOR_BUSY_MS;
  while (!(await claimPayment(deps.db, paymentId, {}))) {
    const current = await deps.db.payment.findUniqueOrThrow({
      where: { id: paymentId },
      include: { allocations: true },
    });
    if (current.status === "reversed") return paymentView(current);
    if (Date.now() > deadline) {
      throw conflict("billing is still being asked about this payment; try again shortly");
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const current = await deps.db.payment.findUniqueOrThrow({ where: { id: paymentId } });
  try {
    await deps.billing.ReverseAllocation({ siteId, paymentId, reason: data.reason }, { caller });
  } catch (error) {
    // Billing never allocated a payment still pending (or refused): nothing to undo.
    const neverAllocated =
      current.allocationStatus !== "allocated" &&
      isDomainError(error) &&
      error.kind === "not_found";
    if (!neverAllocated) {
      await deps.db.payment.update({ where: { id: paymentId }, data: { busyUntil: null } });
      throw error;
    }
  }
  await deps.db.$transaction(async (tx) => {
    const reversed = await tx.payment.update({
      where: { id: paymentId },
      data: {
        status: "reversed",
        reversalReason: data.reason,
        reversedAt: deps.clock(),
        reversedBy: caller.actor,
        busyUntil: null,
      },
    });
    await writeOutbox(tx, paymentReversed(caller.actor, reversed));
  });
  deps.outboxWritten();
  return paymentView(
    await deps.db.payment.findUniqueOrThrow({
      where: { id: paymentId },
      include: { allocations: true },
    }),
  );
}
