import { newId } from "@slms/db";
import { notFound, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { correctLateFees } from "../db/late-fee-correction.ts";
import { lockBills, lockCredit, prepaymentBalance, unallocate } from "../db/ledger.ts";
import type { BillingDeps, Tx } from "../deps.ts";
import { id, reason } from "../domain/fields.ts";
import { requireSiteInScope } from "../site-scope.ts";

const input = z.object({ siteId: id, paymentId: id, reason });

/**
 * Undoes a payment's allocations (the payment was reversed): its bills reopen by those amounts
 * and the prepayment it created is withdrawn. If that credit had meanwhile paid other bills,
 * those prepayment allocations are undone too, newest first, until the credit is no longer
 * negative — money that did not arrive pays nothing. Once per payment. A payment allocated at
 * another site is NOT_FOUND.
 */
export async function reverseAllocation(
  deps: BillingDeps,
  caller: Caller,
  request: z.input<typeof input>,
): Promise<{
  reversed: { billId: string; amountMinor: number }[];
  prepaymentWithdrawnMinor: number;
}> {
  const data = parseInput(input, request, "reversal");
  const { siteId } = data;
  requireSiteInScope(caller, siteId, "payment");
  const result = await deps.db.$transaction(async (tx) => {
    const done = await tx.paymentAllocation.findUnique({ where: { paymentId: data.paymentId } });
    if (!done || done.siteId !== siteId || done.orgId !== caller.orgId)
      throw notFound("payment allocation");
    const claimed = await tx.paymentAllocation.updateMany({
      where: { paymentId: data.paymentId, reversedAt: null },
      data: { reversedAt: deps.clock(), reverseReason: data.reason },
    });
    if (claimed.count === 0) return { reversed: [], prepaymentWithdrawnMinor: 0 };
    const lines = await tx.allocation.findMany({
      where: { paymentId: data.paymentId, reversedAt: null },
    });
    const bills = await lockBills(
      tx,
      lines.map((l) => l.billId),
    );
    const reversed: { billId: string; amountMinor: number }[] = [];
    const reopened = lines.map((l) => l.billId);
    for (const line of lines) {
      const bill = bills.get(line.billId)!;
      bills.set(
        bill.id,
        await unallocate(tx, caller.actor, bill, line.id, Number(line.amountMinor), deps.clock()),
      );
      reversed.push({ billId: line.billId, amountMinor: Number(line.amountMinor) });
    }
    const withdrawn = Number(done.prepaidMinor);
    if (withdrawn > 0) {
      await lockCredit(tx, done.siteId, done.customerId, done.leaseId);
      await tx.prepaymentEntry.create({
        data: {
          id: newId("ppe"),
          orgId: done.orgId,
          siteId: done.siteId,
          customerId: done.customerId,
          leaseId: done.leaseId,
          amountMinor: -BigInt(withdrawn),
          kind: "reversal",
          reference: data.paymentId,
        },
      });
      reopened.push(
        ...(await restoreNonNegativeCredit(
          tx,
          deps,
          caller.actor,
          done.siteId,
          done.customerId,
          done.leaseId,
        )),
      );
    }
    // The bills owe again from the reversal: fees already accrued for later days go up.
    await correctLateFees(tx, caller.actor, reopened, { since: deps.clock(), at: deps.clock() });
    return { reversed, prepaymentWithdrawnMinor: withdrawn };
  });
  deps.outboxWritten();
  return result;
}

/** Undoes prepayment allocations, newest first, until the credit is ≥ 0; the bills it reopened. */
async function restoreNonNegativeCredit(
  tx: Tx,
  deps: BillingDeps,
  actor: string,
  siteId: string,
  customerId: string,
  leaseId: string | null,
) {
  const reopened: string[] = [];
  let balance = await prepaymentBalance(tx, siteId, customerId, leaseId);
  if (balance >= 0) return reopened;
  const used = await tx.prepaymentEntry.findMany({
    where: { siteId, customerId, leaseId, kind: "applied" },
    orderBy: { createdAt: "desc" },
  });
  for (const entry of used) {
    if (balance >= 0) break;
    const line = await tx.allocation.findFirst({
      where: { paymentId: entry.id, reversedAt: null },
    });
    if (!line) continue;
    const bill = (await lockBills(tx, [line.billId])).get(line.billId)!;
    await unallocate(tx, actor, bill, line.id, Number(line.amountMinor), deps.clock());
    await tx.prepaymentEntry.create({
      data: {
        id: newId("ppe"),
        orgId: entry.orgId,
        siteId: entry.siteId,
        customerId,
        leaseId,
        amountMinor: line.amountMinor,
        kind: "applied_reversed",
        reference: line.id,
      },
    });
    balance += Number(line.amountMinor);
    reopened.push(line.billId);
  }
  return reopened;
}
