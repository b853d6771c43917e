import type { PaymentServiceDefinition } from "@slms/contracts/payments";
import { type CallContext, requireCaller, type UnaryHandlers } from "@slms/grpc";
import type { PaymentsDeps } from "../deps.ts";
import { discardImport } from "../use-cases/discard-import.ts";
import { getDepositLedger } from "../use-cases/get-deposit-ledger.ts";
import { getImportTotals } from "../use-cases/get-import-totals.ts";
import { getPayment } from "../use-cases/get-payment.ts";
import { getReceiptPdf } from "../use-cases/get-receipt-pdf.ts";
import { importDeposits } from "../use-cases/import-deposits.ts";
import { listPayments } from "../use-cases/list-payments.ts";
import { recordDeposit } from "../use-cases/record-deposit.ts";
import { recordPayment } from "../use-cases/record-payment.ts";
import { refundPrepayment } from "../use-cases/refund-prepayment.ts";
import { releaseImport } from "../use-cases/release-import.ts";
import { reversePayment } from "../use-cases/reverse-payment.ts";
import { rollBackImport } from "../use-cases/roll-back-import.ts";
import { settleDeposit } from "../use-cases/settle-deposit.ts";
import {
  optionalPaymentMethodIn,
  paymentMethodIn,
  toDepositEntry,
  toPayment,
  toRefund,
} from "./mappers.ts";

const caller = (context: CallContext) => requireCaller(context.caller);
/** Proto3 has no "unset" for plain strings: empty means absent. */
const present = (value: string | undefined) => (value ? value : undefined);

/** gRPC ⇄ use-cases. Only mapping here; rules live in the use-cases and domain. */
export function paymentsHandlers(deps: PaymentsDeps): UnaryHandlers<PaymentServiceDefinition> {
  return {
    RecordPayment: async (req, ctx) => ({
      payment: toPayment(
        await recordPayment(deps, caller(ctx), req.siteId, {
          requestId: req.requestId,
          customerId: req.customerId,
          leaseId: req.leaseId,
          method: paymentMethodIn(req.method),
          amountMinor: req.amountMinor,
          receivedAt: req.receivedAt,
          payer: req.payer,
          reference: req.reference,
          billIds: req.billIds,
          recordedByName: req.recordedByName,
        }),
      ),
    }),
    GetPayment: async (req, ctx) => ({
      payment: toPayment(await getPayment(deps, caller(ctx), req.siteId, req.id)),
    }),
    ListPayments: async (req, ctx) => {
      const page = await listPayments(deps, caller(ctx), req.siteId, {
        pageSize: req.pageSize,
        pageToken: present(req.pageToken),
        customerId: present(req.customerId),
        leaseId: present(req.leaseId),
        fromDate: present(req.fromDate),
        toDate: present(req.toDate),
      });
      return { payments: page.items.map(toPayment), nextPageToken: page.nextPageToken ?? "" };
    },
    ReversePayment: async (req, ctx) => ({
      payment: toPayment(
        await reversePayment(deps, caller(ctx), req.siteId, req.id, { reason: req.reason }),
      ),
    }),
    RefundPrepayment: async (req, ctx) => {
      const { refund, remainingMinor } = await refundPrepayment(deps, caller(ctx), req.siteId, {
        requestId: req.requestId,
        customerId: req.customerId,
        leaseId: req.leaseId,
        amountMinor: req.amountMinor,
        method: paymentMethodIn(req.method),
        reason: req.reason,
      });
      return { refund: toRefund(refund), remainingPrepaymentMinor: remainingMinor };
    },
    GetReceiptPdf: async (req, ctx) => {
      const { pdf, fileName } = await getReceiptPdf(deps, caller(ctx), req.siteId, req.paymentId);
      return { pdf, fileName };
    },
    RecordDeposit: async (req, ctx) => {
      const { entry, heldMinor } = await recordDeposit(deps, caller(ctx), req.siteId, {
        requestId: req.requestId,
        leaseId: req.leaseId,
        customerId: req.customerId,
        method: paymentMethodIn(req.method),
        amountMinor: req.amountMinor,
        receivedAt: req.receivedAt,
        reference: req.reference,
      });
      return { entry: toDepositEntry(entry), heldMinor };
    },
    GetDepositLedger: async (req, ctx) => {
      const ledger = await getDepositLedger(deps, caller(ctx), req.siteId, req.leaseId);
      return { entries: ledger.entries.map(toDepositEntry), heldMinor: ledger.heldMinor };
    },
    SettleDeposit: async (req, ctx) => {
      const settled = await settleDeposit(deps, caller(ctx), req.siteId, {
        requestId: req.requestId,
        leaseId: req.leaseId,
        forfeitRemainder: req.forfeitRemainder,
        refundMethod: optionalPaymentMethodIn(req.refundMethod),
        note: req.note,
      });
      return {
        appliedMinor: settled.appliedMinor,
        refundedMinor: settled.refundedMinor,
        forfeitedMinor: settled.forfeitedMinor,
        allocations: settled.allocations,
        entries: settled.entries.map(toDepositEntry),
      };
    },
    ImportDeposits: async (req, ctx) =>
      importDeposits(deps, caller(ctx), {
        siteId: req.siteId,
        batchId: req.batchId,
        deposits: req.deposits.map((row) => ({
          key: row.key,
          leaseId: row.leaseId,
          customerId: row.customerId,
          amountMinor: row.amountMinor,
          receivedAt: row.receivedAt,
          reference: row.reference,
          method: optionalPaymentMethodIn(row.method),
        })),
      }),
    ReleaseImport: async (req, ctx) => ({
      state: await releaseImport(deps, caller(ctx), req.siteId, req.batchId),
    }),
    DiscardImport: async (req, ctx) => ({
      state: await discardImport(deps, caller(ctx), req.siteId, req.batchId),
    }),
    GetImportTotals: async (req, ctx) =>
      getImportTotals(deps, caller(ctx), req.siteId, req.batchId),
    RollBackImport: async (req, ctx) => ({
      state: await rollBackImport(deps, caller(ctx), req.siteId, {
        batchId: req.batchId,
        checkOnly: req.checkOnly,
        leaseIds: req.leaseIds,
        customerIds: req.customerIds,
      }),
    }),
  };
}
