import { isDomainError } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import type { PaymentsDeps } from "../deps.ts";
import { toSafeNumber } from "../domain/money.ts";
import { Prisma } from "../generated/prisma/client.ts";

/** Longest an allocation may hold the payment's row while billing answers. */
const allocationTxTimeoutMs = 30_000;

export type AllocationOutcome = "allocated" | "pending" | "failed" | "not_recorded" | "busy";

/**
 * Has billing allocate a recorded payment that is still pending, and stores billing's answer.
 *
 * The payment's row stays locked while billing is asked, so an allocation and a reversal of one
 * payment never overlap (the reversal waits, then undoes what the allocation did), and two
 * allocators (the request, a repeat, the retry job on any replica) never ask twice at once.
 * `skipLocked` (the job) passes over a payment someone else is allocating.
 *
 * Outcomes: billing unreachable → stays `pending` (retried later). Billing refusing the chosen
 * bills (paid, changed or gone since they were checked — or never checked, billing being down
 * when the payment was taken) → allocated oldest due first instead, noted in `allocation_error`.
 * Any other refusal → `failed`, for staff; never retried.
 */
export async function allocateIfPending(
  deps: PaymentsDeps,
  caller: Caller,
  paymentId: string,
  options: { skipLocked?: boolean } = {},
): Promise<AllocationOutcome> {
  return deps.db.$transaction(
    async (tx) => {
      const locked = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM payments
        WHERE id = ${paymentId} AND status = 'recorded' AND allocation_status = 'pending'
        FOR UPDATE ${options.skipLocked ? Prisma.sql`SKIP LOCKED` : Prisma.empty}`;
      if (locked.length === 0) {
        const row = await tx.payment.findUnique({
          where: { id: paymentId },
          select: { status: true, allocationStatus: true },
        });
        if (row?.status !== "recorded") return "not_recorded";
        return row.allocationStatus === "pending" ? "busy" : row.allocationStatus;
      }
      const payment = await tx.payment.findUniqueOrThrow({ where: { id: paymentId } });
      const request = {
        siteId: payment.siteId,
        paymentId: payment.id,
        customerId: payment.customerId,
        leaseId: payment.leaseId ?? "",
        amountMinor: toSafeNumber(payment.amountMinor),
        currencyCode: payment.currency,
        receivedAt: payment.receivedAt.toISOString(),
      };
      const attempts = payment.allocationAttempts + 1;
      let note: string | null = null;
      let answer: Awaited<ReturnType<PaymentsDeps["billing"]["AllocatePayment"]>>;
      try {
        try {
          answer = await deps.billing.AllocatePayment(
            { ...request, billIds: payment.billIds },
            { caller },
          );
        } catch (error) {
          if (!(choiceRefused(error) && payment.billIds.length > 0)) throw error;
          note = `the chosen bills could not be paid (${(error as Error).message}); allocated oldest due first`;
          answer = await deps.billing.AllocatePayment({ ...request, billIds: [] }, { caller });
        }
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const failed = refused(error);
        await tx.payment.update({
          where: { id: paymentId },
          data: {
            allocationAttempts: attempts,
            allocationError: message.slice(0, 1000),
            ...(failed ? { allocationStatus: "failed" } : {}),
          },
        });
        if (failed) {
          deps.logger.error(
            { err: error, paymentId },
            "billing refused to allocate a payment; staff must resolve it",
          );
        } else {
          deps.logger.warn(
            { err: error, paymentId, attempts },
            "allocation pending: billing unreachable",
          );
        }
        return failed ? "failed" : "pending";
      }
      await tx.paymentAllocation.createMany({
        data: answer.allocations.map((a, position) => ({
          paymentId,
          billId: a.billId,
          position,
          amountMinor: BigInt(a.amountMinor),
        })),
      });
      await tx.payment.update({
        where: { id: paymentId },
        data: {
          allocationStatus: "allocated",
          allocationAttempts: attempts,
          allocationError: note,
          allocatedAt: deps.clock(),
          prepaidMinor: BigInt(answer.prepaidMinor),
        },
      });
      return "allocated";
    },
    { timeout: allocationTxTimeoutMs, maxWait: 10_000 },
  );
}

/**
 * Billing said no to the request itself. `not_found` is not a refusal: billing may not have
 * heard of a new lease yet (it learns of leases from events), so that is retried like an outage.
 */
function refused(error: unknown): boolean {
  return isDomainError(error) && ["invalid", "conflict", "forbidden"].includes(error.kind);
}

/** Billing refused the chosen bills: a refusal, or a `not_found` naming one (`billIds.N`). */
function choiceRefused(error: unknown): boolean {
  return (
    refused(error) ||
    (isDomainError(error) &&
      error.kind === "not_found" &&
      error.details.some((d) => d.field.startsWith("billIds")))
  );
}
