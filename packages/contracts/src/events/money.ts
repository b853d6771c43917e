import { z } from "zod";

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const minor = z.number().int();

/** `billing.bill.issued` v1: a bill now exists (a receivable). */
export const billIssuedV1 = z.object({
  billId: z.string(),
  siteId: z.string(),
  leaseId: z.string().nullable(),
  customerId: z.string(),
  feeCode: z.string(),
  kind: z.string(),
  periodStart: date,
  periodEnd: date,
  issueDate: date,
  dueDate: date,
  currency: z.string().length(3),
  amountMinor: minor,
});

/** `billing.bill.paid` v1: allocations brought the balance to zero. */
export const billPaidV1 = z.object({
  billId: z.string(),
  siteId: z.string(),
  leaseId: z.string().nullable(),
  customerId: z.string(),
  amountMinor: minor,
  paidAt: z.string(),
});

/** `billing.bill.overdue` v1: the due date passed with a balance; sent once per bill. */
export const billOverdueV1 = z.object({
  billId: z.string(),
  siteId: z.string(),
  leaseId: z.string().nullable(),
  customerId: z.string(),
  dueDate: date,
  balanceMinor: minor,
});

/**
 * `billing.fee_item.changed` v1: a fee item of the organisation's catalogue was added or changed
 * (no site: the catalogue is the organisation's). `feeItemId` is `<orgId>:<code>` (codes are
 * unique per organisation only).
 */
export const feeItemChangedV1 = z.object({
  feeItemId: z.string(),
  code: z.string(),
  name: z.string(),
  nameZh: z.string(),
  category: z.string(),
  active: z.boolean(),
});

export type FeeItemChangedV1 = z.infer<typeof feeItemChangedV1>;

/** `billing.bill.waived` v1: an approved waiver or credit note reduced a bill. */
export const billWaivedV1 = z.object({
  billId: z.string(),
  siteId: z.string(),
  customerId: z.string(),
  waiverId: z.string(),
  amountMinor: minor,
  reason: z.string(),
});

/**
 * `billing.bill.balance_changed` v1: money was put against a bill or taken back, a waiver or
 * credit note reduced it, or its amount changed (a late-fee bill as fees accrue or are
 * corrected). Carries the bill's state after the change and what moved: the deltas sum, with
 * the issued amount, to the state. `version` counts the bill's changes (1 for the first after
 * issue, which is version 0): a consumer keeps the state of the highest version it has seen, and
 * each (bill, version) is one movement.
 */
export const billBalanceChangedV1 = z.object({
  billId: z.string(),
  siteId: z.string(),
  leaseId: z.string().nullable(),
  customerId: z.string(),
  feeCode: z.string(),
  kind: z.string(),
  periodStart: date,
  periodEnd: date,
  issueDate: date,
  dueDate: date,
  currency: z.string().length(3),
  version: z.number().int().min(1),
  change: z.enum(["allocated", "unallocated", "waived", "resized"]),
  /** When the change took effect: the money's receipt for an allocation, otherwise the write. */
  at: z.iso.datetime({ offset: true }),
  amountMinor: minor,
  allocatedMinor: minor,
  waivedMinor: minor,
  amountDeltaMinor: minor,
  allocatedDeltaMinor: minor,
  waivedDeltaMinor: minor,
});

/**
 * `billing.run.completed` v1: a billing run (not a dry run) finished — every chunk issued, or
 * stopped by an error (`failed`; re-running it resumes). Envelope and `siteId` are the run's site,
 * null for a run over every site in the starter's scope (`siteIds` lists the sites it covered).
 * `issued`/`issuedMinor` count the bills this run created (a re-run counts only what it added);
 * `totals` splits them by currency, since sites may bill in different ones.
 */
export const billingRunCompletedV1 = z.object({
  runId: z.string(),
  siteId: z.string().nullable(),
  siteIds: z.array(z.string()),
  targetDate: date,
  failed: z.boolean(),
  /** Schedule lines due by the target date when the run started, and how many it went through. */
  candidates: z.number().int().min(0),
  done: z.number().int().min(0),
  issued: z.number().int().min(0),
  issuedMinor: minor,
  totals: z.array(
    z.object({
      currency: z.string().length(3),
      issued: z.number().int().min(0),
      issuedMinor: minor,
    }),
  ),
  startedBy: z.string(),
  startedAt: z.iso.datetime({ offset: true }),
  finishedAt: z.iso.datetime({ offset: true }),
});

/**
 * `billing.waiver.requested` v1: a staff waiver is waiting for approval (above the approval
 * threshold; a waiver applied at once is announced by `billing.bill.waived` and
 * `billing.bill.balance_changed` instead). `requestedBy` may not approve it.
 */
export const waiverRequestedV1 = z.object({
  waiverId: z.string(),
  billId: z.string(),
  siteId: z.string(),
  customerId: z.string(),
  leaseId: z.string().nullable(),
  amountMinor: minor,
  currency: z.string().length(3),
  reason: z.string(),
  requestedBy: z.string(),
  requestedAt: z.iso.datetime({ offset: true }),
});

/** `payments.payment.recorded` v1 and `payments.payment.reversed` v1. */
export const paymentV1 = z.object({
  paymentId: z.string(),
  siteId: z.string(),
  customerId: z.string(),
  leaseId: z.string().nullable(),
  method: z.string(),
  amountMinor: minor,
  currency: z.string().length(3),
  receivedAt: z.string(),
  receiptNumber: z.string(),
  reason: z.string().optional(),
});

/** `payments.deposit.received|applied|refunded|forfeited` v1: a deposit ledger entry. */
export const depositEntryV1 = z.object({
  entryId: z.string(),
  siteId: z.string(),
  leaseId: z.string(),
  customerId: z.string(),
  type: z.enum(["received", "applied", "refunded", "forfeited"]),
  amountMinor: minor,
  heldMinor: minor,
  currency: z.string().length(3),
  /** How the money came in (received) or went back (refunded); absent in events of before. */
  method: z.string().nullable().optional(),
});

/**
 * `payments.prepayment.refunded` v1: money a customer had paid in advance (not on any bill) was
 * paid back to them; billing's prepayment balance is down by it.
 */
export const prepaymentRefundedV1 = z.object({
  refundId: z.string(),
  siteId: z.string(),
  customerId: z.string(),
  leaseId: z.string().nullable(),
  method: z.string(),
  amountMinor: minor,
  currency: z.string().length(3),
  reason: z.string(),
});

export type BillIssuedV1 = z.infer<typeof billIssuedV1>;
export type BillPaidV1 = z.infer<typeof billPaidV1>;
export type BillOverdueV1 = z.infer<typeof billOverdueV1>;
export type BillWaivedV1 = z.infer<typeof billWaivedV1>;
export type BillBalanceChangedV1 = z.infer<typeof billBalanceChangedV1>;
export type BillingRunCompletedV1 = z.infer<typeof billingRunCompletedV1>;
export type WaiverRequestedV1 = z.infer<typeof waiverRequestedV1>;
export type PaymentV1 = z.infer<typeof paymentV1>;
export type DepositEntryV1 = z.infer<typeof depositEntryV1>;
export type PrepaymentRefundedV1 = z.infer<typeof prepaymentRefundedV1>;
