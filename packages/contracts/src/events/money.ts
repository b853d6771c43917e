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

/** `billing.bill.waived` v1: an approved waiver or credit note reduced a bill. */
export const billWaivedV1 = z.object({
  billId: z.string(),
  siteId: z.string(),
  customerId: z.string(),
  waiverId: z.string(),
  amountMinor: minor,
  reason: z.string(),
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
});

export type BillIssuedV1 = z.infer<typeof billIssuedV1>;
export type BillPaidV1 = z.infer<typeof billPaidV1>;
export type BillOverdueV1 = z.infer<typeof billOverdueV1>;
export type BillWaivedV1 = z.infer<typeof billWaivedV1>;
export type PaymentV1 = z.infer<typeof paymentV1>;
export type DepositEntryV1 = z.infer<typeof depositEntryV1>;
