import type { Paths } from "../../api/client";

/**
 * The organisation's account mapping (科目映射): which account of its chart each kind of money the
 * ERP feed's journal entries post to (docs/integration.md §5). The API keeps it as one document,
 * replaced as a whole; this module turns it into form values and back, checks what the user typed
 * by the gateway's rules (so most mistakes show before the PUT), and lists the account every fee
 * item and payment method ends up in.
 */
export type MappingAnswer =
  Paths["/api/v1/account-mapping"]["get"]["responses"][200]["content"]["application/json"];
export type Mapping = MappingAnswer["mapping"];
export type MappingBody = NonNullable<
  Paths["/api/v1/account-mapping"]["put"]["requestBody"]
>["content"]["application/json"];
export type FeeItem =
  Paths["/api/v1/fee-items"]["get"]["responses"][200]["content"]["application/json"]["items"][number];
export type PaymentMethod = Mapping["cashByMethod"][number]["method"];

export interface Account {
  code: string;
  name: string;
}

/** The roles with one account each, in the order a chart lists them. */
export const accountRoles = [
  "receivables",
  "prepayments",
  "deposits",
  "revenue",
  "waivers",
  "forfeitedDeposits",
  "openingBalances",
  "cash",
] as const satisfies readonly (keyof Mapping)[];
export type AccountRole = (typeof accountRoles)[number];

/** Every payment method the API knows, in the cashier's order. */
export const paymentMethods = [
  "cash",
  "wechat_pay",
  "alipay",
  "bank_transfer",
  "card",
  "other",
] as const satisfies readonly PaymentMethod[];
// A method added to the API and missing here fails the type check.
const _everyMethod: Exclude<PaymentMethod, (typeof paymentMethods)[number]> extends never
  ? true
  : never = true;
void _everyMethod;

/** The gateway's limits (services/gateway/src/routes/account-mapping.ts, the OpenAPI schema). */
export const limits = {
  codeLength: 40,
  codePattern: /^[0-9A-Za-z._-]{1,40}$/,
  nameLength: 100,
  feeCodePattern: /^[a-z0-9_]{1,40}$/,
  feeItems: 200,
} as const;

interface AccountFields {
  code?: string;
  name?: string;
}

/** The edit form's values: field names match the API's, so its field errors land on them. */
export type MappingFormValues = Record<AccountRole, AccountFields> & {
  revenueByFee: (AccountFields & { feeCode?: string })[];
  cashByMethod: (AccountFields & { method?: PaymentMethod })[];
};

/** The form's values from the mapping in force; payment methods in the cashier's order. */
export function toFormValues(mapping: Mapping): MappingFormValues {
  const roles = Object.fromEntries(
    accountRoles.map((role) => [role, { code: mapping[role].code, name: mapping[role].name }]),
  ) as Record<AccountRole, AccountFields>;
  return {
    ...roles,
    revenueByFee: mapping.revenueByFee.map(({ feeCode, code, name }) => ({ feeCode, code, name })),
    cashByMethod: [...mapping.cashByMethod]
      .sort((a, b) => paymentMethods.indexOf(a.method) - paymentMethods.indexOf(b.method))
      .map(({ method, code, name }) => ({ method, code, name })),
  };
}

const account = (fields: AccountFields | undefined): Account => ({
  code: (fields?.code ?? "").trim(),
  name: (fields?.name ?? "").trim(),
});

/**
 * The PUT body from the form: every text trimmed (as the gateway trims), the lists as entered. A
 * row whose fee item or method is not chosen is sent as it is and refused by field — the form's
 * rules stop it first.
 */
export function toRequestBody(values: MappingFormValues): MappingBody {
  const roles = Object.fromEntries(
    accountRoles.map((role) => [role, account(values[role])]),
  ) as Record<AccountRole, Account>;
  return {
    ...roles,
    revenueByFee: (values.revenueByFee ?? []).map((row) => ({
      feeCode: (row.feeCode ?? "").trim(),
      ...account(row),
    })),
    cashByMethod: (values.cashByMethod ?? []).map((row) => ({
      method: row.method as PaymentMethod,
      ...account(row),
    })),
  };
}

/** What is wrong with a typed value: a key under `admin.accountMapping.problems`. */
export type Problem =
  | "required"
  | "codeTooLong"
  | "codePattern"
  | "nameTooLong"
  | "feeCodePattern"
  | "duplicate";

/** An account code: 1–40 letters, digits, '.', '-' or '_' once trimmed. */
export function accountCodeProblem(code: string | undefined): Problem | null {
  const trimmed = (code ?? "").trim();
  if (trimmed === "") return "required";
  if (trimmed.length > limits.codeLength) return "codeTooLong";
  return limits.codePattern.test(trimmed) ? null : "codePattern";
}

/** An account name: 1–100 characters once trimmed. */
export function accountNameProblem(name: string | undefined): Problem | null {
  const trimmed = (name ?? "").trim();
  if (trimmed === "") return "required";
  return trimmed.length > limits.nameLength ? "nameTooLong" : null;
}

/** A fee item code: lower-case letters, digits and '_' (a fee item's own code). */
export function feeCodeProblem(feeCode: string | undefined): Problem | null {
  const trimmed = (feeCode ?? "").trim();
  if (trimmed === "") return "required";
  return limits.feeCodePattern.test(trimmed) ? null : "feeCodePattern";
}

/** A payment method: chosen. */
export function methodProblem(method: string | undefined): Problem | null {
  return method ? null : "required";
}

/**
 * Whether the key of row `index` was given in an earlier row too (the gateway refuses a fee item
 * or a method twice, naming the later row).
 */
export function isRepeated<T>(
  rows: readonly (T | undefined)[],
  index: number,
  key: (row: T) => string | undefined,
): boolean {
  const mine = rows[index] ? key(rows[index] as T)?.trim() : undefined;
  if (!mine) return false;
  return rows.slice(0, index).some((row) => row !== undefined && key(row)?.trim() === mine);
}

/** One fee item's income account: its own, or the revenue account. */
export interface FeeAccountRow {
  feeCode: string;
  /** The fee item as the organisation has it; null for a code the mapping names but no item has. */
  feeItem: FeeItem | null;
  account: Account;
  own: boolean;
}

/**
 * The income account of every fee item — the organisation's, then codes the mapping names that
 * no fee item has (e.g. the default chart's `late_fee` in an organisation without one), by code.
 * Inactive fee items are listed only when the mapping names them.
 */
export function feeAccounts(mapping: Mapping, feeItems: readonly FeeItem[]): FeeAccountRow[] {
  const own = new Map(mapping.revenueByFee.map((row) => [row.feeCode, row]));
  const rows: FeeAccountRow[] = feeItems
    .filter((item) => item.active || own.has(item.code))
    .map((item) => {
      const mine = own.get(item.code);
      return {
        feeCode: item.code,
        feeItem: item,
        account: mine ? { code: mine.code, name: mine.name } : { ...mapping.revenue },
        own: Boolean(mine),
      };
    });
  const known = new Set(feeItems.map((item) => item.code));
  for (const row of mapping.revenueByFee)
    if (!known.has(row.feeCode))
      rows.push({
        feeCode: row.feeCode,
        feeItem: null,
        account: { code: row.code, name: row.name },
        own: true,
      });
  return rows.sort((a, b) => a.feeCode.localeCompare(b.feeCode));
}

/** One payment method's cash or bank account: its own, or the cash account. */
export interface MethodAccountRow {
  method: PaymentMethod;
  account: Account;
  own: boolean;
}

/** The account of every payment method, in the cashier's order. */
export function methodAccounts(mapping: Mapping): MethodAccountRow[] {
  const own = new Map(mapping.cashByMethod.map((row) => [row.method, row]));
  return paymentMethods.map((method) => {
    const mine = own.get(method);
    return {
      method,
      account: mine ? { code: mine.code, name: mine.name } : { ...mapping.cash },
      own: Boolean(mine),
    };
  });
}

/** A fee item's name in the console's language (the Chinese one when it has one). */
export function feeItemName(item: FeeItem, language: string): string {
  return language.startsWith("zh") && item.nameZh ? item.nameZh : item.name;
}
