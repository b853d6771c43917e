import { newId } from "@slms/db";
import { invalid, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { correctLateFees } from "../db/late-fee-correction.ts";
import { allocate } from "../db/ledger.ts";
import { lockOpenBills } from "../db/open-bills.ts";
import type { BillingDeps } from "../deps.ts";
import { allocatePayment as planAllocation } from "../domain/allocation.ts";
import { id, instant, positiveAmount } from "../domain/fields.ts";
import type { Bill } from "../generated/prisma/client.ts";
import {
  notOfSite,
  requireCustomerOfSite,
  requireLeaseOfSite,
  requireSiteInScope,
  siteFacts,
} from "../site-scope.ts";

const input = z.object({
  siteId: id,
  paymentId: id,
  customerId: id,
  leaseId: id.optional(),
  amountMinor: positiveAmount,
  currency: z.string().length(3, "must be an ISO 4217 code").pipe(id),
  billIds: z.array(id).max(100).default([]),
  receivedAt: instant,
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
 * Everything is of the request's site: the customer (billing's ledger or the customers service
 * knows it there), the lease (a lease of that customer there) and each chosen bill (a bill of that
 * customer, and lease, there) — NOT_FOUND naming the field otherwise. The prepayment counts from
 * `receivedAt`, like the allocations, so statements and late fees date the money by when it
 * arrived, not when it was entered. Once per payment id: a repeat at the site returns what the
 * first call did; the id of a payment of another site is NOT_FOUND.
 */
export async function allocatePayment(
  deps: BillingDeps,
  caller: Caller,
  request: z.input<typeof input>,
): Promise<AllocationResult> {
  const data = parseInput(input, request, "allocation");
  const { siteId } = data;
  requireSiteInScope(caller, siteId);
  const previous = await outcomeOf(deps, caller, siteId, data.paymentId);
  if (previous) return previous;
  await requireCustomerOfSite(deps, caller, siteId, data.customerId);
  if (data.leaseId) {
    await requireLeaseOfSite(deps, caller, siteId, data.leaseId, { customerId: data.customerId });
  }
  const { currency } = await siteFacts(deps, caller, siteId);
  if (data.currency !== currency) {
    throw invalid("the payment's currency is not the site's", [
      { field: "currency", message: `must be ${currency}` },
    ]);
  }
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
      for (const [i, billId] of data.billIds.entries()) {
        if (!belongs(rows.get(billId), scope)) {
          throw notOfSite("bill", `billIds.${i}`, "is not a bill of the customer at this site");
        }
      }
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
            effectiveAt: receivedAt,
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
      const winner = await outcomeOf(deps, caller, siteId, data.paymentId);
      if (winner) return winner;
    }
    throw error;
  }
}

/** A chosen bill the payment may pay: of the organisation, site, customer (and lease). */
function belongs(
  bill: Bill | undefined,
  scope: { orgId: string; siteId: string; customerId: string; leaseId: string | null },
): boolean {
  return (
    bill !== undefined &&
    bill.orgId === scope.orgId &&
    bill.siteId === scope.siteId &&
    bill.customerId === scope.customerId &&
    (scope.leaseId === null || bill.leaseId === scope.leaseId)
  );
}

async function outcomeOf(
  deps: BillingDeps,
  caller: Caller,
  siteId: string,
  paymentId: string,
): Promise<AllocationResult | null> {
  const done = await deps.db.paymentAllocation.findUnique({ where: { paymentId } });
  if (!done) return null;
  if (done.siteId !== siteId || done.orgId !== caller.orgId) {
    throw notOfSite("payment", "paymentId");
  }
  const lines = await deps.db.allocation.findMany({
    where: { paymentId, reversedAt: null },
    orderBy: { createdAt: "asc" },
  });
  return {
    allocations: lines.map((l) => ({ billId: l.billId, amountMinor: Number(l.amountMinor) })),
    prepaidMinor: Number(done.prepaidMinor),
  };
}
