import { z } from "zod";

/** One account of an organisation's chart of accounts. */
export interface Account {
  code: string;
  name: string;
}

/**
 * Which account each kind of money sits in, per organisation (accounting.proto says what each
 * role means). Fee items and payment methods without an account of their own use the defaults.
 */
export interface AccountMapping {
  receivables: Account;
  prepayments: Account;
  deposits: Account;
  revenue: Account;
  revenueByFee: Record<string, Account>;
  waivers: Account;
  forfeitedDeposits: Account;
  openingBalances: Account;
  cash: Account;
  cashByMethod: Record<string, Account>;
}

/** What a journal line's account stands for (`JournalLine.role`). */
export type AccountRole =
  | "receivables"
  | "prepayments"
  | "deposits"
  | "revenue"
  | "waivers"
  | "forfeited_deposits"
  | "opening_balances"
  | "cash";

/**
 * The mapping of an organisation that has not set its own: account codes of the PRC Accounting
 * Standards for Business Enterprises' chart (企业会计准则应用指南), which most Chinese ERPs start
 * from. A "deposit" fee item (a bill for a deposit) is a liability, not income.
 */
export const defaultAccountMapping: AccountMapping = {
  receivables: { code: "1122", name: "应收账款" },
  prepayments: { code: "2203", name: "预收账款" },
  deposits: { code: "2241.01", name: "其他应付款—押金" },
  revenue: { code: "6001", name: "主营业务收入" },
  revenueByFee: {
    water: { code: "6051", name: "其他业务收入" },
    electricity: { code: "6051", name: "其他业务收入" },
    deposit: { code: "2241.01", name: "其他应付款—押金" },
    late_fee: { code: "6301.01", name: "营业外收入—滞纳金" },
    penalty: { code: "6301.02", name: "营业外收入—违约金" },
  },
  waivers: { code: "6711", name: "营业外支出—租费减免" },
  forfeitedDeposits: { code: "6301.03", name: "营业外收入—没收押金" },
  openingBalances: { code: "4104", name: "利润分配—未分配利润（期初）" },
  cash: { code: "1002", name: "银行存款" },
  cashByMethod: {
    cash: { code: "1001", name: "库存现金" },
    wechat_pay: { code: "1012.01", name: "其他货币资金—微信" },
    alipay: { code: "1012.02", name: "其他货币资金—支付宝" },
  },
};

const account = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z._-]{1,40}$/, "must be 1–40 letters, digits, '.', '-' or '_'"),
  name: z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters"),
});

const keyed = (what: string) =>
  z
    .record(z.string().regex(/^[a-z0-9_]{1,40}$/, `is not a ${what}`), account)
    .refine((r) => Object.keys(r).length <= 200, "at most 200 entries");

/** A mapping as a client sends it: every role named, each with a code and a name. */
export const accountMappingSchema = z.strictObject({
  receivables: account,
  prepayments: account,
  deposits: account,
  revenue: account,
  revenueByFee: keyed("fee item code").default({}),
  waivers: account,
  forfeitedDeposits: account,
  openingBalances: account,
  cash: account,
  cashByMethod: keyed("payment method").default({}),
});

/** The income account of a fee item. */
export function revenueAccount(mapping: AccountMapping, feeCode: string): Account {
  return mapping.revenueByFee[feeCode] ?? mapping.revenue;
}

/** The account money of a payment method moves through. */
export function cashAccount(mapping: AccountMapping, method: string | null): Account {
  return (method && mapping.cashByMethod[method]) || mapping.cash;
}
