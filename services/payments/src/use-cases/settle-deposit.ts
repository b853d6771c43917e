import { newId, writeOutbox } from "@slms/db";
import { conflict, isDomainError, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { type LeaseRef, leaseOfSite } from "../clients/references.ts";
import { heldOf, lockExistingAccount, noDepositHeld } from "../db/deposits.ts";
import { checkRepeat } from "../db/idempotency.ts";
import { depositEntryView } from "../db/rows.ts";
import { requireSiteInScope } from "../db/scope.ts";
import { isUniqueViolation } from "../db/unique.ts";
import type { PaymentsDeps } from "../deps.ts";
import { splitDeposit } from "../domain/deposit-settlement.ts";
import { id, method, requestId, text } from "../domain/fields.ts";
import { fingerprint } from "../domain/fingerprint.ts";
import { toSafeNumber } from "../domain/money.ts";
import type { AllocationView, SettlementView } from "../domain/views.ts";
import { depositEntryEvent } from "../events/deposit-events.ts";
import type { DepositSettlement } from "../generated/prisma/client.ts";

const input = z
  .object({
    requestId,
    leaseId: id,
    forfeitRemainder: z.boolean().default(false),
    refundMethod: method.optional(),
    note: text(500),
  })
  .superRefine((value, ctx) => {
    if (!value.forfeitRemainder && !value.refundMethod) {
      ctx.addIssue({
        code: "custom",
        path: ["refundMethod"],
        message: "is required unless forfeitRemainder (how the rest is paid back)",
      });
    }
  });

export type SettleDepositRequest = z.input<typeof input>;

/**
 * Settles a lease's deposit after the lease ended: what the lease owes now (billing's
 * GetLeaseBalance) is paid from the deposit — billing allocates it like a payment whose id is
 * the `applied` entry's, to the lease's open bills, oldest due first — and the rest is refunded
 * or forfeited. Every entry writes its `payments.deposit.*` event.
 *
 * The lease must be of the site (asked of contracts; `not_found` otherwise) and have ended —
 * terminated or expired; a draft or active lease is a `conflict` ("the lease is still active").
 *
 * In steps, each stored before the next, so a repeated request (same request id) resumes where
 * the last one stopped with the same ids and amounts: (1) claim — the settlement row freezes the
 * deposit (one per lease; a second request id for the lease is a conflict); (2) decide the applied
 * amount once; (3) billing allocates it (idempotent per id); (4) write the entries and events.
 * If billing cannot be reached the call fails `unavailable` and the request can be repeated.
 */
export async function settleDeposit(
  deps: PaymentsDeps,
  caller: Caller,
  siteId: string,
  request: SettleDepositRequest,
): Promise<SettlementView> {
  const data = parseInput(input, request, "deposit settlement");
  requireSiteInScope(caller, siteId);
  const { requestId: key, ...content } = data;
  const print = fingerprint({ siteId, ...content });
  refuseUnlessEnded(await leaseOfSite(deps, caller, siteId, data.leaseId, null));

  let settlement = await findByRequestId(deps, caller.orgId, key);
  if (settlement) checkRepeat(settlement, print, "deposit settlement", settlement.id);
  else settlement = await claim(deps, caller, siteId, data, print);
  if (settlement.status === "completed") return view(deps, settlement);

  try {
    settlement = await decideApplied(deps, caller, settlement);
    const allocations = await allocateApplied(deps, caller, settlement);
    settlement = await complete(deps, settlement, allocations);
  } catch (error) {
    // Billing refused (not merely unreachable) before anything was written: free the lease so a
    // corrected request can settle it.
    if (isDomainError(error) && !["unavailable", "not_found"].includes(error.kind)) {
      await deps.db.depositSettlement.deleteMany({
        where: { id: settlement.id, status: "pending" },
      });
    }
    throw error;
  }
  return view(deps, settlement);
}

function refuseUnlessEnded(lease: LeaseRef): void {
  if (lease.status !== "terminated" && lease.status !== "expired") {
    throw conflict(`the lease is still ${lease.status}: a deposit is settled after it ends`, [
      { field: "leaseId", message: `is still ${lease.status}` },
    ]);
  }
}

function findByRequestId(deps: PaymentsDeps, orgId: string, requestId: string) {
  return deps.db.depositSettlement.findUnique({ where: { orgId_requestId: { orgId, requestId } } });
}

/** Step 1: the settlement row, with the ids of the entries it will write. */
async function claim(
  deps: PaymentsDeps,
  caller: Caller,
  siteId: string,
  data: z.output<typeof input>,
  print: string,
): Promise<DepositSettlement> {
  try {
    return await deps.db.$transaction(async (tx) => {
      const account = await lockExistingAccount(tx, data.leaseId);
      if (!account || account.orgId !== caller.orgId || account.siteId !== siteId) {
        throw noDepositHeld();
      }
      const earlier = await tx.depositSettlement.findUnique({ where: { leaseId: data.leaseId } });
      if (earlier?.requestId === data.requestId) {
        // The same request, repeated while the first held the lock: resume the first.
        checkRepeat(earlier, print, "deposit settlement", earlier.id);
        return earlier;
      }
      if (earlier) {
        throw conflict("the deposit of this lease has already been settled", [
          { field: "leaseId", message: "deposit already settled" },
        ]);
      }
      const held = await heldOf(tx, data.leaseId);
      if (held <= 0) throw noDepositHeld();
      return tx.depositSettlement.create({
        data: {
          id: newId("dst"),
          orgId: caller.orgId,
          siteId,
          leaseId: data.leaseId,
          forfeitRemainder: data.forfeitRemainder,
          refundMethod: data.refundMethod ?? null,
          note: data.note,
          heldMinor: BigInt(held),
          appliedEntryId: newId("dep"),
          remainderEntryId: newId("dep"),
          requestId: data.requestId,
          requestFingerprint: print,
          actor: caller.actor,
        },
      });
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const winner = await findByRequestId(deps, caller.orgId, data.requestId);
    if (!winner) {
      throw conflict("the deposit of this lease has already been settled", [
        { field: "leaseId", message: "deposit already settled" },
      ]);
    }
    checkRepeat(winner, print, "deposit settlement", winner.id);
    return winner;
  }
}

/** Step 2: min(held, what the lease owes now), decided once. */
async function decideApplied(
  deps: PaymentsDeps,
  caller: Caller,
  settlement: DepositSettlement,
): Promise<DepositSettlement> {
  if (settlement.appliedMinor !== null) return settlement;
  let owed = 0;
  try {
    const balance = await deps.billing.GetLeaseBalance(
      { siteId: settlement.siteId, leaseId: settlement.leaseId },
      { caller },
    );
    owed = balance.openMinor;
  } catch (error) {
    // Billing has never billed the lease: it owes nothing.
    if (!(isDomainError(error) && error.kind === "not_found")) throw error;
  }
  const split = splitDeposit(toSafeNumber(settlement.heldMinor), owed, settlement.forfeitRemainder);
  await deps.db.depositSettlement.updateMany({
    where: { id: settlement.id, appliedMinor: null },
    data: { appliedMinor: BigInt(split.appliedMinor) },
  });
  return deps.db.depositSettlement.findUniqueOrThrow({ where: { id: settlement.id } });
}

/** Step 3: billing puts the applied money against the lease's open bills. */
async function allocateApplied(
  deps: PaymentsDeps,
  caller: Caller,
  settlement: DepositSettlement,
): Promise<AllocationView[]> {
  const applied = toSafeNumber(settlement.appliedMinor ?? 0n);
  if (applied === 0) return [];
  const account = await deps.db.depositAccount.findUniqueOrThrow({
    where: { leaseId: settlement.leaseId },
  });
  const answer = await deps.billing.AllocatePayment(
    {
      siteId: settlement.siteId,
      paymentId: settlement.appliedEntryId,
      customerId: account.customerId,
      leaseId: settlement.leaseId,
      amountMinor: applied,
      currencyCode: account.currency,
      billIds: [],
      receivedAt: settlement.createdAt.toISOString(),
    },
    { caller },
  );
  return answer.allocations.map((a) => ({ billId: a.billId, amountMinor: a.amountMinor }));
}

/** Step 4: the ledger entries and their events, with the settlement marked completed. */
async function complete(
  deps: PaymentsDeps,
  settlement: DepositSettlement,
  allocations: AllocationView[],
): Promise<DepositSettlement> {
  let wrote = false;
  const done = await deps.db.$transaction(async (tx) => {
    const account = await lockExistingAccount(tx, settlement.leaseId);
    const current = await tx.depositSettlement.findUniqueOrThrow({ where: { id: settlement.id } });
    if (!account || current.status === "completed") return current;
    const held = toSafeNumber(current.heldMinor);
    const applied = toSafeNumber(current.appliedMinor ?? 0n);
    const rest = held - applied;
    if ((await heldOf(tx, current.leaseId)) !== held) {
      throw new Error(`deposit of lease ${current.leaseId} changed while it was being settled`);
    }
    const common = {
      leaseId: current.leaseId,
      orgId: current.orgId,
      siteId: current.siteId,
      customerId: account.customerId,
      currency: account.currency,
      note: current.note,
      actor: current.actor,
      settlementId: current.id,
    };
    const entries = [];
    if (applied > 0) {
      entries.push(
        await tx.depositEntry.create({
          data: {
            ...common,
            id: current.appliedEntryId,
            type: "applied",
            amountMinor: BigInt(-applied),
            heldAfterMinor: BigInt(rest),
            reference: allocations.map((a) => a.billId).join(","),
          },
        }),
      );
    }
    if (rest > 0) {
      entries.push(
        await tx.depositEntry.create({
          data: {
            ...common,
            id: current.remainderEntryId,
            type: current.forfeitRemainder ? "forfeited" : "refunded",
            method: current.forfeitRemainder ? null : current.refundMethod,
            amountMinor: BigInt(-rest),
            heldAfterMinor: 0n,
          },
        }),
      );
    }
    await writeOutbox(
      tx,
      entries.map((entry) => depositEntryEvent(entry, toSafeNumber(entry.heldAfterMinor))),
    );
    wrote = entries.length > 0;
    return tx.depositSettlement.update({
      where: { id: current.id },
      data: {
        status: "completed",
        allocations: allocations.map((a) => ({ billId: a.billId, amountMinor: a.amountMinor })),
        completedAt: deps.clock(),
      },
    });
  });
  if (wrote) deps.outboxWritten();
  return done;
}

async function view(deps: PaymentsDeps, settlement: DepositSettlement): Promise<SettlementView> {
  const held = toSafeNumber(settlement.heldMinor);
  const applied = toSafeNumber(settlement.appliedMinor ?? 0n);
  const entries = await deps.db.depositEntry.findMany({
    where: { settlementId: settlement.id },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return {
    appliedMinor: applied,
    refundedMinor: settlement.forfeitRemainder ? 0 : held - applied,
    forfeitedMinor: settlement.forfeitRemainder ? held - applied : 0,
    allocations: settlement.allocations as unknown as AllocationView[],
    entries: entries.map(depositEntryView),
  };
}
