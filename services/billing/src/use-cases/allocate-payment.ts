import { newId } from "@slms/db";
import { invalid, notFound, parseInput } from "@slms/errors";
import { type Caller, canSeeSite } from "@slms/grpc";
import { z } from "zod";
import { correctLateFees } from "../db/late-fee-correction.ts";
import { allocate } from "../db/ledger.ts";
import { lockOpenBills } from "../db/open-bills.ts";
import type { BillingDeps } from "../deps.ts";
import { allocatePayment as planAllocation } from "../domain/allocation.ts";

const input = z.object({
  paymentId: z.string().min(1),
  customerId: z.string().min(1),
  leaseId: z.string().optional(),
  amountMinor: z
    .number()
    .int()
    .positive("must be a positive amount in minor units")
    .max(Number.MAX_SAFE_INTEGER),
  currency: z.string().length(3, "must be an ISO 4217 code"),
  billIds: z.array(z.string().min(1)).max(100).default([]),
  receivedAt: z.iso.datetime({ offset: true, message: "must be an RFC 3339 time" }),
  /** payment or deposit (a deposit applied to arrears). */
  source: z.enum(["payment", "deposit"]).default("payment"),
});

export interface AllocationResult {
  allocations: { billId: string; amountMinor: number }[];
  prepaidMinor: number;
}

/**
 * Puts a payment against bills — the chosen ones in order, else oldest due first (domain
 * `allocatePayment`) — and makes the rest prepayment, in one transaction with the bills locked.
 * Once per payment id: a repeat returns what the first call did.
 */
export async function allocatePayment(
  deps: BillingDeps,
  caller: Caller,
  siteId: string,
  request: z.input<typeof input>,
): Promise<AllocationResult> {
  const data = parseInput(input, request, "allocation");
  if (!canSeeSite(caller, siteId)) throw notFound("site");
  const previous = await outcomeOf(deps, data.paymentId);
  if (previous) return previous;
  const receivedAt = new Date(data.receivedAt);
  try {
    const result = await deps.db.$transaction(async (tx) => {
      const scope = {
        orgId: caller.orgId,
        siteId,
        customerId: data.customerId,
        leaseId: data.leaseId ?? null,
      };
      const { rows, open } = await lockOpenBills(tx, scope, data.billIds);
      const currencies = new Set([...rows.values()].map((b) => b.currency));
      if ([...currencies].some((c) => c !== data.currency)) {
        throw invalid("the payment's currency is not the bills'", [
          { field: "currency", message: `bills are in ${[...currencies].join(", ")}` },
        ]);
      }
      const plan = planAllocation(data.amountMinor, open, data.billIds);
      if (!plan.ok) throw invalid("invalid allocation", plan.problems);
      for (const line of plan.value.allocations) {
        await allocate(tx, caller.actor, rows.get(line.billId)!, line.amountMinor, {
          paymentId: data.paymentId,
          source: data.source,
          receivedAt,
        });
      }
      const prepaid = plan.value.remainderMinor;
      if (prepaid > 0) {
        await tx.prepaymentEntry.create({
          data: {
            id: newId("ppe"),
            orgId: caller.orgId,
            siteId,
            customerId: data.customerId,
            leaseId: data.leaseId ?? null,
            amountMinor: BigInt(prepaid),
            kind: "overpayment",
            reference: data.paymentId,
          },
        });
      }
      await tx.paymentAllocation.create({
        data: {
          paymentId: data.paymentId,
          orgId: caller.orgId,
          siteId,
          customerId: data.customerId,
          leaseId: data.leaseId ?? null,
          amountMinor: BigInt(data.amountMinor),
          prepaidMinor: BigInt(prepaid),
          receivedAt,
        },
      });
      // Received in the past (entered late): fees already accrued for days since are not owed.
      await correctLateFees(
        tx,
        caller.actor,
        plan.value.allocations.map((line) => line.billId),
        { since: receivedAt, at: deps.clock() },
      );
      return { allocations: plan.value.allocations, prepaidMinor: prepaid };
    });
    deps.outboxWritten();
    return result;
  } catch (error) {
    // A concurrent call for the same payment won the race: answer with its outcome.
    if ((error as { code?: unknown }).code === "P2002") {
      const winner = await outcomeOf(deps, data.paymentId);
      if (winner) return winner;
    }
    throw error;
  }
}

async function outcomeOf(deps: BillingDeps, paymentId: string): Promise<AllocationResult | null> {
  const done = await deps.db.paymentAllocation.findUnique({ where: { paymentId } });
  if (!done) return null;
  const lines = await deps.db.allocation.findMany({
    where: { paymentId, reversedAt: null },
    orderBy: { createdAt: "asc" },
  });
  return {
    allocations: lines.map((l) => ({ billId: l.billId, amountMinor: Number(l.amountMinor) })),
    prepaidMinor: Number(done.prepaidMinor),
  };
}
