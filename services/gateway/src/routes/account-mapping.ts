import type { AccountMappingMessage } from "@slms/contracts/finance";
import { z } from "zod";
import type { GatewayDeps } from "../deps.ts";
import { requiredText } from "../http/fields.ts";
import { route } from "../http/route.ts";
import { financeClient } from "./finance-edge.ts";
import { paymentMethods } from "./money-schemas.ts";

const tags = ["Accounting"];

const accountCode = z
  .string()
  .trim()
  .max(40)
  .regex(/^[0-9A-Za-z._-]{1,40}$/, "must be 1–40 letters, digits, '.', '-' or '_'")
  .describe("The account's code in the organisation's chart of accounts, e.g. 1122");

const account = z
  .strictObject({ code: accountCode, name: requiredText(100) })
  .describe("An account of the organisation's chart of accounts");

/** Each key once: the REST lists stand for the proto's maps. */
function distinct<T>(key: (item: T) => string, field: string) {
  return (items: T[], ctx: z.RefinementCtx) => {
    const seen = new Set<string>();
    for (const [i, item] of items.entries()) {
      if (seen.has(key(item)))
        ctx.addIssue({ code: "custom", path: [i, field], message: "is given twice" });
      seen.add(key(item));
    }
  };
}

const feeAccount = z.strictObject({
  feeCode: z
    .string()
    .max(40)
    .regex(/^[a-z0-9_]{1,40}$/, "must be a fee item code")
    .describe("The fee item"),
  code: accountCode,
  name: requiredText(100),
});
const methodAccount = z.strictObject({
  method: z.enum(paymentMethods),
  code: accountCode,
  name: requiredText(100),
});

const mappingSchema = z.strictObject({
  receivables: account.describe("What customers owe (应收账款)"),
  prepayments: account.describe("Money received and not yet put against a bill (预收账款)"),
  deposits: account.describe("Deposits held (押金)"),
  revenue: account.describe("Income of a fee item without an account of its own"),
  revenueByFee: z
    .array(feeAccount)
    .max(200)
    .superRefine(distinct((a) => a.feeCode, "feeCode"))
    .describe("Fee items with an income account of their own"),
  waivers: account.describe("Amounts waived (减免)"),
  forfeitedDeposits: account.describe("Deposits kept"),
  openingBalances: account.describe("Counter-account of opening arrears brought in at go-live"),
  cash: account.describe("Money received or paid by a method without an account of its own"),
  cashByMethod: z
    .array(methodAccount)
    .max(paymentMethods.length)
    .superRefine(distinct((a) => a.method, "method"))
    .describe("Payment methods with an account of their own"),
});

type RestMapping = z.infer<typeof mappingSchema>;

const answerSchema = z.object({
  mapping: mappingSchema,
  isDefault: z.boolean().describe("True while the organisation has not set its own"),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
});

const toMessage = (mapping: RestMapping): AccountMappingMessage => ({
  ...mapping,
  revenueByFee: Object.fromEntries(
    mapping.revenueByFee.map(({ feeCode, code, name }) => [feeCode, { code, name }]),
  ),
  cashByMethod: Object.fromEntries(
    mapping.cashByMethod.map(({ method, code, name }) => [method, { code, name }]),
  ),
});

const fromMessage = (mapping: AccountMappingMessage) => ({
  ...mapping,
  revenueByFee: Object.entries(mapping.revenueByFee).map(([feeCode, a]) => ({ feeCode, ...a })),
  cashByMethod: Object.entries(mapping.cashByMethod).map(([method, a]) => ({ method, ...a })),
});

const answer = (found: {
  mapping: AccountMappingMessage | null;
  isDefault: boolean;
  updatedAt: string;
  updatedBy: string;
}) => ({
  mapping: found.mapping ? fromMessage(found.mapping) : null,
  isDefault: found.isDefault,
  updatedAt: found.updatedAt || null,
  updatedBy: found.updatedBy || null,
});

/** The organisation's account mapping: the accounts the ERP feed's journal entries post to. */
export function accountMappingRoutes(deps: GatewayDeps) {
  const accounting = () => financeClient(deps, "accounting");
  return [
    route({
      method: "get",
      path: "/api/v1/account-mapping",
      operationId: "getAccountMapping",
      summary: "The account mapping in force (the default chart until the organisation sets one)",
      tags,
      access: "accounting.read",
      responses: { 200: { description: "The mapping", schema: answerSchema } },
      handler: async ({ caller }) => ({
        status: 200,
        body: answer(await accounting().GetAccountMapping({}, { caller })),
      }),
    }),
    route({
      method: "put",
      path: "/api/v1/account-mapping",
      operationId: "setAccountMapping",
      summary: "Replace the account mapping as a whole",
      description:
        "Changes recorded from now on are posted in it; journal entries already in the feed keep their accounts (docs/integration.md).",
      tags,
      access: "accounting.manage",
      body: mappingSchema,
      responses: { 200: { description: "The mapping now in force", schema: answerSchema } },
      handler: async ({ body, caller }) => ({
        status: 200,
        body: answer(
          await accounting().SetAccountMapping({ mapping: toMessage(body) }, { caller }),
        ),
      }),
    }),
  ];
}
