import { toProtoEnum } from "@slms/contracts";
import type { PaymentMethod } from "@slms/contracts/payments";
import type { Request } from "express";
import type { GatewayDeps } from "../deps.ts";
import type { Principal } from "../domain/roles.ts";
import { route } from "../http/route.ts";
import { pageOf, siteIdParams } from "./assets-schemas.ts";
import {
  depositBody,
  depositEntryOut,
  depositLedgerSchema,
  leaseParams,
  listPaymentsQuery,
  paymentOut,
  paymentParams,
  paymentSchema,
  recordPaymentBody,
  refundBody,
  refundOut,
  reversalBody,
  settleDepositBody,
} from "./money-schemas.ts";

const tags = ["Payments"];
const methodOf = (method: string) => toProtoEnum<PaymentMethod>("PAYMENT_METHOD", method);
/** The payments service dedupes on this: the user's Idempotency-Key, scoped to the user. */
const requestId = (req: Request, principal: Principal) =>
  `${principal.userId}:${req.header("idempotency-key")}`;

/**
 * The cashier's name as it is now, printed on the receipt: users are the gateway's. The payments
 * service looks up and checks everything else the receipt prints (customer, lease).
 */
export const cashierNameOf = async (db: GatewayDeps["db"], userId: string) =>
  (await db.user.findUnique({ where: { id: userId }, select: { name: true } }))?.name ?? "";

export function paymentRoutes({ payments, db }: GatewayDeps) {
  const cashierName = (userId: string) => cashierNameOf(db, userId);

  return [
    route({
      method: "post",
      path: "/api/v1/sites/{siteId}/payments",
      operationId: "recordPayment",
      summary:
        "Record money received; it pays the chosen bills or the oldest due, the rest is prepayment",
      tags,
      access: "payments.record",
      params: siteIdParams,
      body: recordPaymentBody,
      idempotency: "required",
      responses: {
        201: {
          description: "The payment with its receipt number and allocations",
          schema: paymentSchema,
        },
      },
      handler: async ({ params, body, caller, req, principal }) => {
        const { payment } = await payments.RecordPayment(
          {
            siteId: params.siteId,
            requestId: requestId(req, principal),
            customerId: body.customerId,
            leaseId: body.leaseId ?? "",
            method: methodOf(body.method),
            amountMinor: body.amountMinor,
            receivedAt: body.receivedAt,
            payer: body.payer ?? "",
            reference: body.reference ?? "",
            billIds: body.billIds ?? [],
            recordedByName: await cashierName(principal.userId),
          },
          { caller, deadlineMs: 20_000 },
        );
        return { status: 201, body: paymentOut(payment!) };
      },
    }),
    route({
      method: "get",
      path: "/api/v1/sites/{siteId}/payments",
      operationId: "listPayments",
      summary: "The payment journal (流水)",
      tags,
      access: "payments.read",
      params: siteIdParams,
      query: listPaymentsQuery,
      responses: { 200: { description: "A page of payments", schema: pageOf(paymentSchema) } },
      handler: async ({ params, query, caller }) => {
        const page = await payments.ListPayments(
          {
            siteId: params.siteId,
            pageSize: query.limit,
            pageToken: query.cursor ?? "",
            customerId: query.customerId,
            leaseId: query.leaseId,
            fromDate: query.from,
            toDate: query.to,
          },
          { caller },
        );
        return {
          status: 200,
          body: { items: page.payments.map(paymentOut), nextCursor: page.nextPageToken || null },
        };
      },
    }),
    route({
      method: "get",
      path: "/api/v1/sites/{siteId}/payments/{paymentId}",
      operationId: "getPayment",
      summary: "A payment and what it paid",
      tags,
      access: "payments.read",
      params: paymentParams,
      responses: { 200: { description: "The payment", schema: paymentSchema } },
      handler: async ({ params, caller }) => ({
        status: 200,
        body: paymentOut(
          (await payments.GetPayment({ siteId: params.siteId, id: params.paymentId }, { caller }))
            .payment!,
        ),
      }),
    }),
    route({
      method: "post",
      path: "/api/v1/sites/{siteId}/payments/{paymentId}/reversal",
      operationId: "reversePayment",
      summary: "Reverse a payment, saying why: allocations undone, receipt void",
      tags,
      access: "payments.reverse",
      params: paymentParams,
      body: reversalBody,
      idempotency: "required",
      responses: { 200: { description: "The reversed payment", schema: paymentSchema } },
      handler: async ({ params, body, caller }) => ({
        status: 200,
        body: paymentOut(
          (
            await payments.ReversePayment(
              { siteId: params.siteId, id: params.paymentId, reason: body.reason },
              { caller },
            )
          ).payment!,
        ),
      }),
    }),
    route({
      method: "get",
      path: "/api/v1/sites/{siteId}/payments/{paymentId}/receipt.pdf",
      operationId: "getReceiptPdf",
      summary: "The printable receipt (PDF)",
      tags,
      access: "payments.read",
      params: paymentParams,
      responses: { 200: { description: "application/pdf" } },
      handler: async ({ params, caller }) => {
        const { pdf, fileName } = await payments.GetReceiptPdf(
          { siteId: params.siteId, paymentId: params.paymentId },
          { caller },
        );
        return {
          status: 200,
          body: null,
          raw: { contentType: "application/pdf", data: pdf },
          headers: {
            "Content-Disposition": `inline; filename="${fileName.replace(/[^\w.-]/g, "_")}"`,
          },
        };
      },
    }),
    route({
      method: "post",
      path: "/api/v1/sites/{siteId}/refunds",
      operationId: "refundPrepayment",
      summary: "Pay back (part of) a customer's prepayment",
      tags,
      access: "payments.refund",
      params: siteIdParams,
      body: refundBody,
      idempotency: "required",
      responses: { 201: { description: "The refund and what prepayment remains" } },
      handler: async ({ params, body, caller, req, principal }) => {
        const result = await payments.RefundPrepayment(
          {
            siteId: params.siteId,
            requestId: requestId(req, principal),
            customerId: body.customerId,
            leaseId: body.leaseId ?? "",
            amountMinor: body.amountMinor,
            method: methodOf(body.method),
            reason: body.reason,
          },
          { caller },
        );
        return {
          status: 201,
          body: {
            refund: refundOut(result.refund!),
            remainingPrepaymentMinor: result.remainingPrepaymentMinor,
          },
        };
      },
    }),
    route({
      method: "post",
      path: "/api/v1/sites/{siteId}/leases/{leaseId}/deposits",
      operationId: "recordDeposit",
      summary: "Record a deposit received for a lease (held, not paying bills)",
      tags: ["Deposits"],
      access: "payments.record",
      params: leaseParams,
      body: depositBody,
      idempotency: "required",
      responses: { 201: { description: "The ledger entry and what is held" } },
      handler: async ({ params, body, caller, req, principal }) => {
        const result = await payments.RecordDeposit(
          {
            siteId: params.siteId,
            requestId: requestId(req, principal),
            leaseId: params.leaseId,
            customerId: body.customerId,
            method: methodOf(body.method),
            amountMinor: body.amountMinor,
            receivedAt: body.receivedAt,
            reference: body.reference ?? "",
          },
          { caller },
        );
        return {
          status: 201,
          body: { entry: depositEntryOut(result.entry!), heldMinor: result.heldMinor },
        };
      },
    }),
    route({
      method: "get",
      path: "/api/v1/sites/{siteId}/leases/{leaseId}/deposits",
      operationId: "getDepositLedger",
      summary: "A lease's deposit ledger: received, applied, refunded, forfeited",
      tags: ["Deposits"],
      access: "payments.read",
      params: leaseParams,
      responses: { 200: { description: "The ledger", schema: depositLedgerSchema } },
      handler: async ({ params, caller }) => {
        const ledger = await payments.GetDepositLedger(
          { siteId: params.siteId, leaseId: params.leaseId },
          { caller },
        );
        return {
          status: 200,
          body: { heldMinor: ledger.heldMinor, entries: ledger.entries.map(depositEntryOut) },
        };
      },
    }),
    route({
      method: "post",
      path: "/api/v1/sites/{siteId}/leases/{leaseId}/deposits/settlement",
      operationId: "settleDeposit",
      summary:
        "After the lease ends: apply the deposit to what it owes, refund or forfeit the rest",
      tags: ["Deposits"],
      access: "payments.refund",
      params: leaseParams,
      body: settleDepositBody,
      idempotency: "required",
      responses: { 200: { description: "What was applied, refunded and forfeited" } },
      handler: async ({ params, body, caller, req, principal }) => {
        const result = await payments.SettleDeposit(
          {
            siteId: params.siteId,
            requestId: requestId(req, principal),
            leaseId: params.leaseId,
            forfeitRemainder: body.forfeitRemainder,
            refundMethod: body.refundMethod
              ? methodOf(body.refundMethod)
              : "PAYMENT_METHOD_UNSPECIFIED",
            note: body.note ?? "",
          },
          { caller, deadlineMs: 20_000 },
        );
        return { status: 200, body: { ...result, entries: result.entries.map(depositEntryOut) } };
      },
    }),
  ];
}
