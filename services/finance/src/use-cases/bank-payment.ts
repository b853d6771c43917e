import type { Payment } from "@slms/contracts/payments";
import { PaymentMethod } from "@slms/contracts/payments";
import type { Caller } from "@slms/grpc";
import { startOfDayIn } from "@slms/primitives";
import type { FinanceDeps } from "../deps.ts";
import type { BankLine } from "../generated/prisma/client.ts";

/** Whose money a bank line is, as a match or a cashier found it. */
export interface BankPayer {
  customerId: string;
  /** "" for none. */
  leaseId: string;
  /** Bills to pay first; empty: oldest due first. */
  billIds: string[];
}

/**
 * Records a bank line's payment through the payments service: by bank transfer, received at the
 * start of the value date at the site, the line id as its reference — under the request id
 * `bank:<line>`, the same for the automatic match and a cashier's resolution, so a line is one
 * payment however often this runs (a repeat answers the first payment; a repeat for another
 * customer is a conflict).
 */
export async function recordBankPayment(
  deps: FinanceDeps,
  caller: Caller,
  line: BankLine,
  timeZone: string,
  payer: BankPayer,
  recordedByName: string,
): Promise<Payment> {
  const { payment } = await deps.owners().payments.RecordPayment(
    {
      siteId: line.siteId,
      requestId: `bank:${line.id}`,
      customerId: payer.customerId,
      leaseId: payer.leaseId,
      method: PaymentMethod.PAYMENT_METHOD_BANK_TRANSFER,
      amountMinor: Number(line.amountMinor),
      receivedAt: startOfDayIn(line.valueDate, timeZone).toISOString(),
      payer: line.payerName.trim(),
      reference: line.lineId,
      billIds: payer.billIds,
      recordedByName,
    },
    { caller },
  );
  return payment!;
}
