import { newId, writeOutbox } from "@slms/db";
import { DomainError, type FieldIssue, isDomainError, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { partiesOf } from "../clients/references.ts";
import { allocateIfPending } from "../db/allocation.ts";
import { checkRepeat } from "../db/idempotency.ts";
import { takeReceiptSeq } from "../db/receipt-numbers.ts";
import { type PaymentRow, paymentView } from "../db/rows.ts";
import { requireSiteInScope } from "../db/scope.ts";
import { isUniqueViolation } from "../db/unique.ts";
import type { PaymentsDeps } from "../deps.ts";
import {
  amountMinor,
  id,
  method,
  optionalId,
  receivedAt,
  requestId,
  text,
} from "../domain/fields.ts";
import { fingerprint } from "../domain/fingerprint.ts";
import { formatReceiptNumber, receiptPrefix } from "../domain/receipt-number.ts";
import type { PaymentView } from "../domain/views.ts";
import { paymentRecorded } from "../events/payment-events.ts";

const input = (now: Date) =>
  z.object({
    requestId,
    customerId: id,
    leaseId: optionalId,
    method,
    amountMinor,
    receivedAt: receivedAt(now),
    payer: text(200),
    reference: text(200),
    recordedByName: text(200),
    billIds: z
      .array(id)
      .max(100, "must name at most 100 bills")
      .refine((ids) => new Set(ids).size === ids.length, "must not name a bill twice")
      .default([]),
  });

export type RecordPaymentRequest = z.input<ReturnType<typeof input>>;

/**
 * Records money received at a site: the payment, the site's next receipt number and the
 * `payments.payment.recorded` event commit together. Then billing allocates it (the chosen bills,
 * else oldest due first; the rest becomes prepayment). If billing cannot be reached the payment
 * stands with its allocation pending, and the allocation job finishes it later.
 *
 * What it names is checked with the owners first, before a receipt number is spent: the customer
 * must be of the site, the lease (if any) of the site and that customer, the chosen bills bills
 * of the site, customer and lease — otherwise `not_found` naming the field. The receipt prints
 * the customer's name (when no payer is given) and the lease's reference as they are now; the
 * cashier's name is given by the caller's edge (the gateway owns users).
 *
 * Idempotent per request id: a repeat returns the first payment (finishing its allocation if
 * still pending); the same request id with other content is a conflict naming `requestId`.
 * Concurrent repeats race on the (organisation, request id) unique index: one payment, one
 * number — the losers' numbers roll back with their transactions.
 */
export async function recordPayment(
  deps: PaymentsDeps,
  caller: Caller,
  siteId: string,
  request: RecordPaymentRequest,
): Promise<PaymentView> {
  const data = parseInput(input(deps.clock()), request, "payment");
  requireSiteInScope(caller, siteId);
  // The cashier's name is printed as it is now; a retry after a rename is still a repeat.
  const { requestId: key, recordedByName, ...content } = data;
  const print = fingerprint({ siteId, ...content });

  const earlier = await findByRequestId(deps, caller.orgId, key);
  if (earlier) return repeat(deps, caller, earlier, print);

  const [site, { customer, lease }] = await Promise.all([
    deps.sites.facts(caller, siteId),
    partiesOf(deps, caller, siteId, { customerId: data.customerId, leaseId: data.leaseId }),
  ]);
  await checkChosenBills(deps, caller, siteId, data);
  let paymentId: string;
  try {
    paymentId = await deps.db.$transaction(
      async (tx) => {
        const seq = await takeReceiptSeq(tx, siteId);
        const row = await tx.payment.create({
          data: {
            id: newId("pay"),
            orgId: caller.orgId,
            siteId,
            customerId: data.customerId,
            leaseId: data.leaseId,
            method: data.method,
            amountMinor: BigInt(data.amountMinor),
            currency: site.currency,
            receivedAt: data.receivedAt,
            payer: data.payer || customer.name,
            reference: data.reference,
            billIds: data.billIds,
            receiptSeq: seq,
            receiptNumber: formatReceiptNumber(receiptPrefix(site), seq),
            requestId: key,
            requestFingerprint: print,
            recordedBy: caller.actor,
            leaseReference: lease?.reference ?? "",
            recordedByName,
          },
        });
        await writeOutbox(tx, paymentRecorded(caller.actor, row));
        return row.id;
      },
      { maxWait: 10_000, timeout: 20_000 },
    );
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // A concurrent request with the same id committed first: answer as a repeat.
    const winner = await findByRequestId(deps, caller.orgId, key);
    if (!winner) throw error;
    return repeat(deps, caller, winner, print);
  }
  deps.outboxWritten();
  await allocateIfPending(deps, caller, paymentId);
  return paymentView(
    await deps.db.payment.findUniqueOrThrow({
      where: { id: paymentId },
      include: { allocations: true },
    }),
  );
}

function findByRequestId(deps: PaymentsDeps, orgId: string, requestId: string) {
  return deps.db.payment.findUnique({
    where: { orgId_requestId: { orgId, requestId } },
    include: { allocations: true },
  });
}

async function repeat(
  deps: PaymentsDeps,
  caller: Caller,
  row: PaymentRow,
  print: string,
): Promise<PaymentView> {
  checkRepeat(row, print, "payment", row.id);
  if (row.status !== "recorded" || row.allocationStatus !== "pending") return paymentView(row);
  // Another request (the first, or a repeat) may be asking billing right now: answer with the
  // payment as it stands rather than queueing behind it.
  await allocateIfPending(deps, caller, row.id, { skipLocked: true });
  return paymentView(
    await deps.db.payment.findUniqueOrThrow({
      where: { id: row.id },
      include: { allocations: true },
    }),
  );
}

/**
 * Refuses chosen bills that are not bills of this site, customer (and lease) as `not_found`, and
 * bills with nothing left to pay as `invalid`, naming each (`billIds.N`), before a receipt number
 * is spent. When billing cannot be reached the check is skipped: the payment is taken anyway and
 * billing checks the choice when it allocates.
 */
async function checkChosenBills(
  deps: PaymentsDeps,
  caller: Caller,
  siteId: string,
  data: { customerId: string; leaseId: string | null; billIds: string[] },
): Promise<void> {
  const issues: FieldIssue[] = [];
  let missing = false;
  const notOurs = (field: string, message: string) => {
    missing = true;
    issues.push({ field, message });
  };
  for (const [i, billId] of data.billIds.entries()) {
    const field = `billIds.${i}`;
    try {
      const { bill } = await deps.billing.GetBill({ siteId, id: billId }, { caller });
      if (!bill || bill.siteId !== siteId) {
        notOurs(field, "is not a bill of this site");
      } else if (bill.customerId !== data.customerId) {
        notOurs(field, "is not a bill of this customer");
      } else if (data.leaseId && bill.leaseId !== data.leaseId) {
        notOurs(field, "is not a bill of this lease");
      } else if (bill.balanceMinor <= 0) {
        issues.push({ field, message: "has nothing left to pay" });
      }
    } catch (error) {
      if (isDomainError(error) && error.kind === "not_found") {
        notOurs(field, "is not a bill of this site");
      } else if (isDomainError(error) && error.kind !== "unavailable") {
        throw error;
      } else {
        return;
      }
    }
  }
  if (missing) throw new DomainError("not_found", "bill not found", issues);
  if (issues.length > 0) throw new DomainError("invalid", "invalid payment", issues);
}
