import { isDomainError } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import type { PaymentsDeps } from "../deps.ts";
import { toSafeNumber } from "../domain/money.ts";
import { Prisma } from "../generated/prisma/client.ts";

/** How long a claim on a payment lasts while billing is asked (then another may take over). */
export const BUSY_MS = 60_000;
/** Longest a caller that must not skip a busy payment waits for it. */
const WAIT_FOR_BUSY_MS = 20_000;

export type AllocationOutcome = "allocated" | "pending" | "failed" | "not_recorded" | "busy";

/**
 * Claims a payment for a call to billing: sets `busy_until` if the payment is in `states` and
 * nobody holds it. One short statement, no transaction left open: the billing call that follows
 * may take seconds, and in embedded mode every service shares one database session.
 * @returns the row if claimed, else null.
 */
export async function claimPayment(
  db: PaymentsDeps["db"],
  paymentId: string,
  states: { allocation?: "pending" },
): Promise<PaymentRowLite | null> {
  const rows = await db.$queryRaw<PaymentRowLite[]>`
    UPDATE payments
       SET busy_until = now() + make_interval(secs => ${BUSY_MS / 1000}::float8)
     WHERE id = ${paymentId} AND status = 'recorded'
       ${states.allocation ? Prisma.sql`AND allocation_status = 'pending'` : Prisma.empty}
       AND (busy_until IS NULL OR busy_until < now())
 RETURNING id`;
  return rows[0] ?? null;
}

/** What `claimPayment` answers: the id (the caller reads what it needs). */
export interface PaymentRowLite {
  id: string;
}

/**
 * Has billing allocate a recorded payment that is still pending, and stores billing's answer.
 *
 * The payment is claimed first (`busy_until`), so an allocation and a reversal of one payment
 * never overlap (a reversal waits for the claim), and two allocators (the request, a repeat, the
 * retry job on any replica) never ask twice at once; `skipLocked` (the job, repeats) passes over
 * a payment someone else is asking about instead of waiting. Billing is asked with no database
 * transaction open.
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
  const deadline = Date.now() + WAIT_FOR_BUSY_MS;
  for (;;) {
    const claimed = await claimPayment(deps.db, paymentId, { allocation: "pending" });
    if (claimed) break;
    const row = await deps.db.payment.findUnique({
      where: { id: paymentId },
      select: { status: true, allocationStatus: true },
    });
    if (row?.status !== "recorded") return "not_recorded";
    if (row.allocationStatus !== "pending") return row.allocationStatus;
    if (options.skipLocked || Date.now() > deadline) return "busy";
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const payment = await deps.db.payment.findUniqueOrThrow({ where: { id: paymentId } });
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
    await deps.db.payment.update({
      where: { id: paymentId },
      data: {
        allocationAttempts: attempts,
        allocationError: message.slice(0, 1000),
        busyUntil: null,
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
  await deps.db.$transaction(async (tx) => {
    await tx.paymentAllocation.createMany({
      data: answer.allocations.map((a, position) => ({
        paymentId,
        billId: a.billId,
        position,
        amountMinor: BigInt(a.amountMinor),
      })),
      skipDuplicates: true,
    });
    await tx.payment.update({
      where: { id: paymentId },
      data: {
        allocationStatus: "allocated",
        allocationAttempts: attempts,
        allocationError: note,
        allocatedAt: deps.clock(),
        prepaidMinor: BigInt(answer.prepaidMinor),
        busyUntil: null,
      },
    });
  });
  return "allocated";
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
