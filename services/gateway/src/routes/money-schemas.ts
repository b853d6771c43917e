import { fromProtoEnum } from "@slms/contracts";
import type { Bill, BillingRun, Waiver } from "@slms/contracts/billing";
import type { DepositEntry, Payment, Refund } from "@slms/contracts/payments";
import { z } from "zod";
import {
  amountMinor,
  civilDate as date,
  id,
  instant,
  integer,
  pageQuery,
  positiveAmountMinor as positiveMinor,
  requiredText,
  text,
} from "../http/fields.ts";

// REST shapes of bills, runs, waivers, payments, refunds and deposits. Strict, bounded requests
// (../http/fields.ts).

/** A meter value in thousandths (kWh, m³): up to 10¹⁵, a thousand times any real meter. */
const MAX_METER_MILLI = 1_000_000_000_000_000;
export const paymentMethods = [
  "cash",
  "bank_transfer",
  "card",
  "wechat_pay",
  "alipay",
  "other",
] as const;
const billStatuses = ["open", "paid", "waived"] as const;

export const billParams = z.strictObject({ siteId: id, billId: id });
export const waiverParams = z.strictObject({ siteId: id, waiverId: id });
export const paymentParams = z.strictObject({ siteId: id, paymentId: id });
export const runParams = z.strictObject({ siteId: id, runId: id });
export const meterParams = z.strictObject({ siteId: id, meterCode: requiredText(40) });
export const customerParams = z.strictObject({ siteId: id, customerId: id });
export const leaseParams = z.strictObject({ siteId: id, leaseId: id });

export const startRunBody = z.strictObject({
  targetDate: date.describe("bill everything whose issue date is on or before this date"),
  dryRun: z.boolean().default(false).describe("only report what would be billed"),
});

export const listBillsQuery = pageQuery.extend({
  status: z.enum(billStatuses).optional(),
  leaseId: id.optional(),
  customerId: id.optional(),
  periodFrom: date.optional(),
  periodTo: date.optional(),
  overdue: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional(),
});

export const waiverBody = z.strictObject({
  amountMinor: positiveMinor,
  reason: requiredText(500),
});
export const decisionBody = z.strictObject({
  approve: z.boolean(),
  note: text(500).optional(),
});

export const meterReadingBody = z.strictObject({
  meterCode: requiredText(40),
  kind: z.enum(["water", "electricity"]),
  unitId: id.optional(),
  sharedUnitIds: z
    .array(id)
    .max(500)
    .optional()
    .describe("the units of a shared meter, whose cost is split by area"),
  readingDate: date,
  valueMilli: integer(0, MAX_METER_MILLI).describe("meter value in thousandths (kWh, m³)"),
});

export const billMeterBody = z.strictObject({
  fromDate: date,
  toDate: date,
  unitPriceMinor: amountMinor.optional().describe("per kWh or m³"),
  totalCostMinor: amountMinor.optional().describe("a fixed total to split instead"),
});

export const statementQuery = z.strictObject({ from: date, to: date, leaseId: id.optional() });

export const recordPaymentBody = z.strictObject({
  customerId: id,
  leaseId: id.optional(),
  method: z.enum(paymentMethods),
  amountMinor: positiveMinor,
  receivedAt: instant,
  payer: text(200).optional().describe("who handed the money over; default: the customer's name"),
  reference: text(100).optional().describe("bank or wallet transaction reference"),
  billIds: z
    .array(id)
    .max(100)
    .optional()
    .describe("bills to pay first, in order; absent: oldest due first"),
});

export const listPaymentsQuery = pageQuery.extend({
  customerId: id.optional(),
  leaseId: id.optional(),
  from: date.optional(),
  to: date.optional(),
});

export const reversalBody = z.strictObject({ reason: requiredText(500) });

export const refundBody = z.strictObject({
  customerId: id,
  leaseId: id.optional(),
  amountMinor: positiveMinor,
  method: z.enum(paymentMethods),
  reason: requiredText(500),
});

export const depositBody = z.strictObject({
  customerId: id,
  method: z.enum(paymentMethods),
  amountMinor: positiveMinor,
  receivedAt: instant,
  reference: text(100).optional(),
});

export const settleDepositBody = z.strictObject({
  forfeitRemainder: z.boolean().default(false),
  refundMethod: z.enum(paymentMethods).optional(),
  note: text(500).optional(),
});

const billSchema = z.object({
  id: z.string(),
  leaseId: z.string().nullable(),
  customerId: z.string(),
  feeCode: z.string(),
  kind: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  issueDate: z.string(),
  dueDate: z.string(),
  currency: z.string(),
  amountMinor: z.number(),
  allocatedMinor: z.number(),
  waivedMinor: z.number(),
  balanceMinor: z.number(),
  status: z.enum(billStatuses),
  overdue: z.boolean(),
});

export { billSchema };

export const runSchema = z.object({
  id: z.string(),
  siteId: z.string().nullable(),
  targetDate: z.string(),
  dryRun: z.boolean(),
  status: z.string(),
  total: z.number(),
  done: z.number(),
  issued: z.number(),
  issuedMinor: z.number(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});

export const waiverSchema = z.object({
  id: z.string(),
  billId: z.string(),
  amountMinor: z.number(),
  reason: z.string(),
  status: z.enum(["pending", "approved", "rejected"]),
  requestedBy: z.string(),
  decidedBy: z.string().nullable(),
});

export const paymentSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  leaseId: z.string().nullable(),
  method: z.enum(paymentMethods),
  amountMinor: z.number(),
  currency: z.string(),
  receivedAt: z.string(),
  receiptNumber: z.string(),
  status: z.string(),
  allocations: z.array(z.object({ billId: z.string(), amountMinor: z.number() })),
  prepaidMinor: z.number(),
  recordedByName: z.string().describe("the cashier's name when the payment was taken"),
  leaseReference: z
    .string()
    .nullable()
    .describe("the lease's reference when the payment was taken"),
});

export const depositLedgerSchema = z.object({
  heldMinor: z.number(),
  entries: z.array(
    z.object({
      id: z.string(),
      type: z.string(),
      amountMinor: z.number(),
      reference: z.string(),
      createdAt: z.string(),
    }),
  ),
});

// Proto → REST.

export const billOut = (b: Bill) => ({
  id: b.id,
  siteId: b.siteId,
  leaseId: b.leaseId || null,
  customerId: b.customerId,
  feeCode: b.feeCode,
  kind: b.kind,
  periodStart: b.periodStart,
  periodEnd: b.periodEnd,
  issueDate: b.issueDate,
  dueDate: b.dueDate,
  currency: b.currencyCode,
  amountMinor: b.amountMinor,
  allocatedMinor: b.allocatedMinor,
  waivedMinor: b.waivedMinor,
  balanceMinor: b.balanceMinor,
  status: fromProtoEnum("BILL_STATUS", b.status, billStatuses),
  overdue: b.overdue,
  relatedBillId: b.relatedBillId || null,
  note: b.note || null,
  billingRunId: b.billingRunId || null,
  createdAt: b.createdAt,
});

export const runOut = (r: BillingRun) => ({
  ...r,
  siteId: r.siteId || null,
  finishedAt: r.finishedAt || null,
  error: r.error || null,
});

export const waiverOut = (w: Waiver) => ({
  ...w,
  status: fromProtoEnum("WAIVER_STATUS", w.status, ["pending", "approved", "rejected"] as const),
  decidedBy: w.decidedBy || null,
  decidedAt: w.decidedAt || null,
});

export const paymentOut = (p: Payment) => ({
  id: p.id,
  siteId: p.siteId,
  customerId: p.customerId,
  leaseId: p.leaseId || null,
  method: fromProtoEnum("PAYMENT_METHOD", p.method, paymentMethods),
  amountMinor: p.amountMinor,
  currency: p.currencyCode,
  receivedAt: p.receivedAt,
  payer: p.payer,
  reference: p.reference,
  status: p.status,
  receiptNumber: p.receiptNumber,
  allocations: p.allocations,
  prepaidMinor: p.prepaidMinor,
  reversalReason: p.reversalReason || null,
  recordedBy: p.recordedBy,
  recordedByName: p.recordedByName,
  leaseReference: p.leaseReference || null,
  createdAt: p.createdAt,
});

export const refundOut = (r: Refund) => ({
  ...r,
  method: fromProtoEnum("PAYMENT_METHOD", r.method, paymentMethods),
});

export const depositEntryOut = (e: DepositEntry) => ({
  ...e,
  type: fromProtoEnum("DEPOSIT_ENTRY_TYPE", e.type, [
    "received",
    "applied",
    "refunded",
    "forfeited",
  ] as const),
});
