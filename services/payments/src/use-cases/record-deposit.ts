import { newId, writeOutbox } from "@slms/db";
import { conflict, invalid, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { MAX_AMOUNT_MINOR } from "@slms/primitives/bounds";
import { z } from "zod";
import { type LeaseRef, partiesOf } from "../clients/references.ts";
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
 * account lock. Idempotent per request id.
 *
 * The lease must be of the site and the customer its customer (asked of contracts and customers;
 * `not_found` otherwise, naming `customerId` when the lease is someone else's), and not yet
 * ended: a deposit is taken while the lease is a draft (at signing) or active. Once the lease
 * ended, or its deposit has been settled, it is a `conflict`. What is held never exceeds
 * `MAX_AMOUNT_MINOR`.
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

  const [site, { lease }] = await Promise.all([
    deps.sites.facts(caller, siteId),
    partiesOf(
      deps,
      caller,
      siteId,
      { customerId: data.customerId, leaseId: data.leaseId },
      { leaseId: null },
    ),
  ]);
  refuseIfEnded(lease);
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
      if (held > MAX_AMOUNT_MINOR) {
        throw invalid("invalid deposit", [
          {
            field: "amountMinor",
            message: `would make the deposit held more than ${MAX_AMOUNT_MINOR}`,
          },
        ]);
      }
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

function refuseIfEnded(lease: LeaseRef): void {
  if (lease.status === "expired" || lease.status === "terminated") {
    throw conflict(`the lease has ended (${lease.status}): its deposit can only be settled`, [
      { field: "leaseId", message: `is ${lease.status}` },
    ]);
  }
}

function findByRequestId(deps: PaymentsDeps, orgId: string, requestId: string) {
  return deps.db.depositEntry.findUnique({ where: { orgId_requestId: { orgId, requestId } } });
}

function repeat(row: DepositEntry, print: string) {
  checkRepeat(row, print, "deposit", row.id);
  return { entry: depositEntryView(row), heldMinor: toSafeNumber(row.heldAfterMinor) };
}
