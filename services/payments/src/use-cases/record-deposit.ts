import { newId, writeOutbox } from "@slms/db";
import { parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { heldOf, lockDepositAccount, refuseIfSettled } from "../db/deposits.ts";
import { checkRepeat } from "../db/idempotency.ts";
import { depositEntryView } from "../db/rows.ts";
import { requireSiteInScope } from "../db/scope.ts";
import { isUniqueViolation } from "../db/unique.ts";
import type { PaymentsDeps } from "../deps.ts";
import { amountMinor, id, method, receivedAt, requestId, text } from "../domain/fields.ts";
import { fingerprint } from "../domain/fingerprint.ts";
import { toSafeNumber } from "../domain/money.ts";
import type { DepositEntryView } from "../domain/views.ts";
import { depositEntryEvent } from "../events/deposit-events.ts";
import type { DepositEntry } from "../generated/prisma/client.ts";

const input = (now: Date) =>
  z.object({
    requestId,
    leaseId: id,
    customerId: id,
    method,
    amountMinor,
    receivedAt: receivedAt(now),
    reference: text(200),
  });

export type RecordDepositRequest = z.input<ReturnType<typeof input>>;

/**
 * Records deposit money received for a lease: held, not allocated to bills. The entry and
 * `payments.deposit.received` (with what is held after it) commit together, under the lease's
 * account lock. Idempotent per request id; refused once the deposit has been settled.
 */
export async function recordDeposit(
  deps: PaymentsDeps,
  caller: Caller,
  siteId: string,
  request: RecordDepositRequest,
): Promise<{ entry: DepositEntryView; heldMinor: number }> {
  const data = parseInput(input(deps.clock()), request, "deposit");
  requireSiteInScope(caller, siteId);
  const { requestId: key, ...content } = data;
  const print = fingerprint({ siteId, ...content });
  const earlier = await findByRequestId(deps, caller.orgId, key);
  if (earlier) return repeat(earlier, print);

  const site = await deps.sites.facts(caller, siteId);
  try {
    const row = await deps.db.$transaction(async (tx) => {
      await lockDepositAccount(tx, caller, {
        leaseId: data.leaseId,
        siteId,
        customerId: data.customerId,
        currency: site.currency,
      });
      await refuseIfSettled(tx, data.leaseId);
      const held = (await heldOf(tx, data.leaseId)) + data.amountMinor;
      const entry = await tx.depositEntry.create({
        data: {
          id: newId("dep"),
          leaseId: data.leaseId,
          orgId: caller.orgId,
          siteId,
          customerId: data.customerId,
          type: "received",
          amountMinor: BigInt(data.amountMinor),
          heldAfterMinor: BigInt(held),
          currency: site.currency,
          method: data.method,
          receivedAt: data.receivedAt,
          reference: data.reference,
          actor: caller.actor,
          requestId: key,
          requestFingerprint: print,
        },
      });
      await writeOutbox(tx, depositEntryEvent(entry, held));
      return entry;
    });
    deps.outboxWritten();
    return { entry: depositEntryView(row), heldMinor: toSafeNumber(row.heldAfterMinor) };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const winner = await findByRequestId(deps, caller.orgId, key);
    if (!winner) throw error;
    return repeat(winner, print);
  }
}

function findByRequestId(deps: PaymentsDeps, orgId: string, requestId: string) {
  return deps.db.depositEntry.findUnique({ where: { orgId_requestId: { orgId, requestId } } });
}

function repeat(row: DepositEntry, print: string) {
  checkRepeat(row, print, "deposit", row.id);
  return { entry: depositEntryView(row), heldMinor: toSafeNumber(row.heldAfterMinor) };
}
