import { writeOutbox } from "@slms/db";
import { isDomainError, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { paymentView } from "../db/rows.ts";
import { findPaymentInScope } from "../db/scope.ts";
import type { PaymentsDeps } from "../deps.ts";
import { reason } from "../domain/fields.ts";
import type { PaymentView } from "../domain/views.ts";
import { paymentReversed } from "../events/payment-events.ts";

const input = z.object({ reason });

/**
 * Reverses a payment with a reason: billing undoes its allocations (the bills reopen, its
 * prepayment is withdrawn), then the payment is marked reversed and `payments.payment.reversed`
 * written in one transaction. The receipt becomes void; its number stays used (no gaps, no reuse).
 *
 * The payment's row is locked throughout, so a reversal never overlaps an allocation of the same
 * payment. Idempotent: reversing a reversed payment returns it unchanged. If billing cannot be
 * reached nothing changes and the call fails `unavailable`; try again.
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
  let changed = false;
  const row = await deps.db.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT id FROM payments WHERE id = ${paymentId} FOR UPDATE`;
      const current = await tx.payment.findUniqueOrThrow({ where: { id: paymentId } });
      if (current.status === "reversed") return current;
      try {
        await deps.billing.ReverseAllocation(
          { siteId, paymentId, reason: data.reason },
          { caller },
        );
      } catch (error) {
        // Billing never allocated a payment still pending (or refused): nothing to undo.
        const neverAllocated =
          current.allocationStatus !== "allocated" &&
          isDomainError(error) &&
          error.kind === "not_found";
        if (!neverAllocated) throw error;
      }
      const reversed = await tx.payment.update({
        where: { id: paymentId },
        data: {
          status: "reversed",
          reversalReason: data.reason,
          reversedAt: deps.clock(),
          reversedBy: caller.actor,
        },
      });
      await writeOutbox(tx, paymentReversed(caller.actor, reversed));
      changed = true;
      return reversed;
    },
    { maxWait: 10_000, timeout: 30_000 },
  );
  if (changed) deps.outboxWritten();
  return paymentView(
    await deps.db.payment.findUniqueOrThrow({
      where: { id: row.id },
      include: { allocations: true },
    }),
  );
}
