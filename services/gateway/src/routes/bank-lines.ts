import type { StoredBankLine } from "@slms/contracts/finance";
import { z } from "zod";
import type { GatewayDeps } from "../deps.ts";
import { id, pageQuery, requiredText } from "../http/fields.ts";
import { route } from "../http/route.ts";
import { siteIdParams } from "./assets-schemas.ts";
import { financeClient } from "./finance-edge.ts";
import { cashierNameOf } from "./payments.ts";

const tags = ["Bank lines"];
const statuses = ["pending", "matched", "unmatched", "resolved", "dismissed"] as const;

const bankLineSchema = z.object({
  id: z.string().describe("`bnk_…`"),
  siteId: z.string(),
  lineId: z.string().describe("The finance system's id of the line"),
  amountMinor: z.number(),
  currency: z.string(),
  valueDate: z.string(),
  payerName: z.string(),
  payerAccount: z.string(),
  reference: z.string().describe("The remittance text"),
  status: z.enum(statuses),
  matchedBy: z.enum(["bill", "lease", "customer", "cashier"]).nullable(),
  customerId: z.string().nullable(),
  paymentId: z.string().nullable(),
  receiptNumber: z.string().nullable(),
  postedBy: z.string().describe("The API client that posted it"),
  postedAt: z.string(),
  resolvedBy: z.string().nullable(),
  note: z.string().nullable(),
});

const lineOut = (line: StoredBankLine) => ({
  id: line.id,
  siteId: line.siteId,
  lineId: line.lineId,
  amountMinor: Number(line.amount?.amountMinor ?? 0),
  currency: line.amount?.currencyCode ?? "",
  valueDate: line.valueDate,
  payerName: line.payerName,
  payerAccount: line.payerAccount,
  reference: line.reference,
  status: line.status as (typeof statuses)[number],
  matchedBy: (line.matchedBy || null) as z.infer<typeof bankLineSchema>["matchedBy"],
  customerId: line.customerId || null,
  paymentId: line.paymentId || null,
  receiptNumber: line.receiptNumber || null,
  postedBy: line.postedBy,
  postedAt: line.postedAt,
  resolvedBy: line.resolvedBy || null,
  note: line.note || null,
});

const lineParams = z.strictObject({ siteId: id, bankLineId: id });

/**
 * The site's bank statement lines that ERP clients posted (docs/integration.md): the unmatched
 * ones wait for a cashier, who makes each a payment of the customer they find, or sets it aside.
 */
export function bankLineRoutes(deps: GatewayDeps) {
  const bankLines = () => financeClient(deps, "bankLines");
  return [
    route({
      method: "get",
      path: "/api/v1/sites/{siteId}/bank-lines",
      operationId: "listBankLines",
      summary:
        "The site's bank statement lines, newest first (the unmatched queue: ?status=unmatched)",
      tags,
      access: "payments.read",
      params: siteIdParams,
      query: pageQuery.extend({ status: z.enum(statuses).optional() }),
      responses: {
        200: {
          description: "Bank lines",
          schema: z.object({ items: z.array(bankLineSchema), nextCursor: z.string().nullable() }),
        },
      },
      handler: async ({ params, query, caller }) => {
        const page = await bankLines().ListBankLines(
          {
            siteId: params.siteId,
            status: query.status ?? "",
            pageSize: query.limit,
            pageToken: query.cursor ?? "",
          },
          { caller },
        );
        return {
          status: 200,
          body: { items: page.lines.map(lineOut), nextCursor: page.nextPageToken || null },
        };
      },
    }),
    route({
      method: "post",
      path: "/api/v1/sites/{siteId}/bank-lines/{bankLineId}/resolution",
      operationId: "resolveBankLine",
      summary: "Make an unmatched bank line a payment of the customer it came from (once)",
      description:
        "The payment is recorded as the cashier's, by bank transfer, on the line's value date; resolving the line again answers it as it is.",
      tags,
      access: "payments.record",
      params: lineParams,
      body: z.strictObject({
        customerId: id,
        leaseId: id.optional(),
        billIds: z.array(id).max(100).optional().describe("Bills to pay first"),
      }),
      idempotency: "optional",
      responses: { 200: { description: "The resolved line", schema: bankLineSchema } },
      handler: async ({ params, body, caller, principal }) => {
        const { line } = await bankLines().ResolveBankLine(
          {
            siteId: params.siteId,
            id: params.bankLineId,
            customerId: body.customerId,
            leaseId: body.leaseId ?? "",
            billIds: body.billIds ?? [],
            recordedByName: await cashierNameOf(deps.db, principal.userId),
          },
          { caller },
        );
        return { status: 200, body: lineOut(line!) };
      },
    }),
    route({
      method: "post",
      path: "/api/v1/sites/{siteId}/bank-lines/{bankLineId}/dismissal",
      operationId: "dismissBankLine",
      summary: "Set an unmatched bank line aside, saying why; it makes no payment",
      tags,
      access: "payments.record",
      params: lineParams,
      body: z.strictObject({ note: requiredText(500) }),
      idempotency: "optional",
      responses: { 200: { description: "The dismissed line", schema: bankLineSchema } },
      handler: async ({ params, body, caller }) => {
        const { line } = await bankLines().DismissBankLine(
          { siteId: params.siteId, id: params.bankLineId, note: body.note },
          { caller },
        );
        return { status: 200, body: lineOut(line!) };
      },
    }),
  ];
}
