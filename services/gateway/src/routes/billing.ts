import { toProtoEnum } from "@slms/contracts";
import type { BillStatus } from "@slms/contracts/billing";
import { z } from "zod";
import type { GatewayDeps } from "../deps.ts";
import { route } from "../http/route.ts";
import { pageOf, siteIdParams } from "./assets-schemas.ts";
import {
  billMeterBody,
  billOut,
  billParams,
  billSchema,
  customerParams,
  decisionBody,
  leaseParams,
  listBillsQuery,
  meterParams,
  meterReadingBody,
  runOut,
  runParams,
  runSchema,
  startRunBody,
  statementQuery,
  waiverBody,
  waiverOut,
  waiverParams,
  waiverSchema,
} from "./money-schemas.ts";

const tags = ["Billing"];

export function billingRoutes({ billing }: GatewayDeps) {
  return [
    route({
      method: "get",
      path: "/api/v1/fee-items",
      operationId: "listFeeItems",
      summary: "The organisation's fee items (收费项目)",
      tags,
      access: "authenticated",
      responses: {
        200: {
          description: "Fee items by code",
          schema: z.object({
            items: z.array(
              z.object({
                code: z.string(),
                name: z.string(),
                nameZh: z.string(),
                category: z.string(),
                active: z.boolean(),
              }),
            ),
          }),
        },
      },
      handler: async ({ caller }) => ({
        status: 200,
        body: { items: (await billing.ListFeeItems({}, { caller })).items },
      }),
    }),
    route({
      method: "put",
      path: "/api/v1/fee-items/{code}",
      operationId: "upsertFeeItem",
      summary: "Add or change a fee item (HQ admin)",
      tags,
      access: "feeItems.manage",
      params: z.strictObject({ code: z.string().min(1).max(40) }),
      body: z.strictObject({
        name: z.string().trim().min(1).max(100),
        nameZh: z.string().trim().max(100).optional(),
        category: z.enum([
          "rent",
          "management",
          "parking",
          "water",
          "electricity",
          "deposit",
          "late_fee",
          "penalty",
          "other",
        ]),
        active: z.boolean().optional(),
      }),
      responses: { 200: { description: "The fee item" } },
      handler: async ({ params, body, caller }) => ({
        status: 200,
        body: (
          await billing.UpsertFeeItem(
            { item: { code: params.code, nameZh: "", active: true, ...body } },
            { caller },
          )
        ).item,
      }),
    }),
    route({
      method: "post",
      path: "/api/v1/sites/{siteId}/billing-runs",
      operationId: "startBillingRun",
      summary: "Start a billing run, or preview one (dryRun)",
      description:
        "Issues every scheduled charge whose issue date is on or before targetDate and has no bill yet. " +
        "Idempotent and resumable: a bill is unique per lease, fee and period. Answers 202 at once; poll the run for progress. " +
        "A dry run answers 200 with what would be issued and writes nothing.",
      tags,
      access: "billing.run",
      params: siteIdParams,
      body: startRunBody,
      idempotency: "required",
      responses: {
        200: {
          description:
            "Dry run: the run (`total` counts every bill it would issue), what they all come to and how many leases they are of, and the first 10,000 of them",
          schema: z.object({
            run: runSchema,
            amountMinor: z.number(),
            leases: z.number(),
            preview: z.array(billSchema),
          }),
        },
        202: { description: "The run, started", schema: z.object({ run: runSchema }) },
      },
      handler: async ({ params, body, caller }) => {
        const result = await billing.StartBillingRun(
          { siteId: params.siteId, targetDate: body.targetDate, dryRun: body.dryRun, wait: false },
          { caller, deadlineMs: 60_000 },
        );
        return body.dryRun
          ? {
              status: 200,
              body: {
                run: runOut(result.run!),
                amountMinor: result.previewAmountMinor,
                leases: result.previewLeases,
                preview: result.preview.map(billOut),
              },
            }
          : { status: 202, body: { run: runOut(result.run!) } };
      },
    }),
    route({
      method: "get",
      path: "/api/v1/sites/{siteId}/billing-runs/{runId}",
      operationId: "getBillingRun",
      summary: "A billing run's progress and result",
      tags,
      access: "billing.read",
      params: runParams,
      responses: { 200: { description: "The run", schema: runSchema } },
      handler: async ({ params, caller }) => ({
        status: 200,
        body: runOut(
          (await billing.GetBillingRun({ siteId: params.siteId, id: params.runId }, { caller }))
            .run!,
        ),
      }),
    }),
    route({
      method: "get",
      path: "/api/v1/sites/{siteId}/bills",
      operationId: "listBills",
      summary: "List bills, oldest due first",
      tags,
      access: "billing.read",
      params: siteIdParams,
      query: listBillsQuery,
      responses: { 200: { description: "A page of bills", schema: pageOf(billSchema) } },
      handler: async ({ params, query, caller }) => {
        const page = await billing.ListBills(
          {
            siteId: params.siteId,
            pageSize: query.limit,
            pageToken: query.cursor ?? "",
            status: query.status ? toProtoEnum<BillStatus>("BILL_STATUS", query.status) : undefined,
            leaseId: query.leaseId,
            customerId: query.customerId,
            periodFrom: query.periodFrom,
            periodTo: query.periodTo,
            overdue: query.overdue,
          },
          { caller },
        );
        return {
          status: 200,
          body: { items: page.bills.map(billOut), nextCursor: page.nextPageToken || null },
        };
      },
    }),
    route({
      method: "get",
      path: "/api/v1/sites/{siteId}/bills/{billId}",
      operationId: "getBill",
      summary: "A bill and every payment, waiver and reversal on it",
      tags,
      access: "billing.read",
      params: billParams,
      responses: { 200: { description: "The bill with its entries" } },
      handler: async ({ params, caller }) => {
        const { bill, entries } = await billing.GetBill(
          { siteId: params.siteId, id: params.billId },
          { caller },
        );
        return { status: 200, body: { ...billOut(bill!), entries } };
      },
    }),
    route({
      method: "post",
      path: "/api/v1/sites/{siteId}/bills/{billId}/waivers",
      operationId: "requestWaiver",
      summary: "Waive (part of) a bill, saying why",
      description: "Above the site's threshold the waiver waits for approval by another person.",
      tags,
      access: "billing.waive",
      params: billParams,
      body: waiverBody,
      idempotency: "required",
      responses: { 201: { description: "The waiver (approved or pending)", schema: waiverSchema } },
      handler: async ({ params, body, caller }) => ({
        status: 201,
        body: waiverOut(
          (
            await billing.RequestWaiver(
              {
                siteId: params.siteId,
                billId: params.billId,
                amountMinor: body.amountMinor,
                reason: body.reason,
              },
              { caller },
            )
          ).waiver!,
        ),
      }),
    }),
    route({
      method: "post",
      path: "/api/v1/sites/{siteId}/waivers/{waiverId}/decision",
      operationId: "decideWaiver",
      summary: "Approve or reject a pending waiver (not your own)",
      tags,
      access: "billing.approve",
      params: waiverParams,
      body: decisionBody,
      idempotency: "optional",
      responses: { 200: { description: "The decided waiver", schema: waiverSchema } },
      handler: async ({ params, body, caller }) => ({
        status: 200,
        body: waiverOut(
          (
            await billing.DecideWaiver(
              {
                siteId: params.siteId,
                id: params.waiverId,
                approve: body.approve,
                note: body.note ?? "",
              },
              { caller },
            )
          ).waiver!,
        ),
      }),
    }),
    route({
      method: "post",
      path: "/api/v1/sites/{siteId}/meter-readings",
      operationId: "recordMeterReading",
      summary: "Record a water or electricity meter reading",
      tags,
      access: "meters.write",
      params: siteIdParams,
      body: meterReadingBody,
      idempotency: "optional",
      responses: { 201: { description: "The reading" } },
      handler: async ({ params, body, caller }) => ({
        status: 201,
        body: (
          await billing.RecordMeterReading(
            {
              siteId: params.siteId,
              ...body,
              unitId: body.unitId ?? "",
              sharedUnitIds: body.sharedUnitIds ?? [],
            },
            { caller },
          )
        ).reading,
      }),
    }),
    route({
      method: "post",
      path: "/api/v1/sites/{siteId}/meters/{meterCode}/bill",
      operationId: "billMeter",
      summary: "Bill a meter's consumption between two readings (shared meters split by area)",
      tags,
      access: "billing.run",
      params: meterParams,
      body: billMeterBody,
      idempotency: "required",
      responses: { 201: { description: "The utility bills" } },
      handler: async ({ params, body, caller }) => {
        const result = await billing.BillMeter(
          {
            siteId: params.siteId,
            meterCode: params.meterCode,
            fromDate: body.fromDate,
            toDate: body.toDate,
            unitPriceMinor: body.unitPriceMinor ?? 0,
            totalCostMinor: body.totalCostMinor ?? 0,
          },
          { caller },
        );
        return {
          status: 201,
          body: {
            consumptionMilli: result.consumptionMilli,
            totalMinor: result.totalMinor,
            bills: result.bills.map(billOut),
          },
        };
      },
    }),
    route({
      method: "get",
      path: "/api/v1/sites/{siteId}/customers/{customerId}/statement",
      operationId: "getStatement",
      summary: "A customer's statement: opening balance, charges, payments, closing balance",
      tags,
      access: "billing.read",
      params: customerParams,
      query: statementQuery,
      serviceFields: { fromDate: "from", toDate: "to" },
      responses: { 200: { description: "The statement" } },
      handler: async ({ params, query, caller }) => ({
        status: 200,
        body: await billing.GetStatement(
          {
            siteId: params.siteId,
            customerId: params.customerId,
            leaseId: query.leaseId ?? "",
            fromDate: query.from,
            toDate: query.to,
          },
          { caller },
        ),
      }),
    }),
    route({
      method: "get",
      path: "/api/v1/sites/{siteId}/leases/{leaseId}/balance",
      operationId: "getLeaseBalance",
      summary: "What a lease owes now, what is overdue, and its prepayment",
      tags,
      access: "billing.read",
      params: leaseParams,
      responses: { 200: { description: "The balance" } },
      handler: async ({ params, caller }) => ({
        status: 200,
        body: await billing.GetLeaseBalance(
          { siteId: params.siteId, leaseId: params.leaseId },
          { caller },
        ),
      }),
    }),
  ];
}
