/**
 * The 客户 (customers) sheet, by the customers service's rules (services/customers/src/domain/
 * fields.ts and identity.ts here): kind, a document type that suits it, a valid ID number,
 * phones, e-mail, emergency contact, tags. An ID number is unique in the site (the service
 * detects duplicates by number): twice in the sheet, or already at the site, is an error.
 *
 * Other sheets name a customer by ID number, or by a name that only one customer has — one
 * customer of the workbook and the site together, so a name both have names neither.
 */
import { type Context, report, rowMessage, rowReadable, value } from "./context.ts";
import {
  type CustomerKindName,
  documentTypesOfKind,
  emailRule,
  type IdDocumentTypeName,
  idNumberProblem,
  isEmail,
  isPhone,
  normaliseIdNumber,
  normalisePhone,
  phoneRule,
} from "./identity.ts";
import { identityKey, rowKey } from "./keys.ts";
import type { ParsedRow, ParsedSheet } from "./parse.ts";
import type { CustomerRef, PlannedCustomer } from "./plan.ts";
import { idDocumentTypeTerms, type Message, termLabel } from "./vocabulary.ts";

/** A customer other sheets may name: of the workbook (valid or not) or of the site. */
export interface KnownCustomer {
  ref: CustomerRef;
  name: string;
  /** Its row in the customers sheet, for a customer of the workbook. */
  row?: number;
}

export interface CustomerIndex {
  byIdNumber: Map<string, KnownCustomer>;
  /** {@link identityKey} of the name → every customer of that name. */
  byName: Map<string, KnownCustomer[]>;
  /** The customers of the workbook that are valid, to be registered. */
  planned: PlannedCustomer[];
}

const MAX_PHONES = 10;
const MAX_TAGS = 30;
const MAX_TAG_LENGTH = 50;

/** Checks the customers sheet and indexes every customer other sheets may name. */
export function checkCustomers(ctx: Context, sheet: ParsedSheet | undefined): CustomerIndex {
  const index: CustomerIndex = { byIdNumber: new Map(), byName: new Map(), planned: [] };
  const atSite = new Map<string, KnownCustomer>();
  for (const customer of ctx.existing.customers ?? []) {
    const known: KnownCustomer = {
      ref: { in: "site", customerId: customer.id },
      name: customer.name,
    };
    atSite.set(normaliseIdNumber(customer.idNumber), known);
    index.byIdNumber.set(normaliseIdNumber(customer.idNumber), known);
    addByName(index, known);
  }
  const named = new Set((ctx.existing.customers ?? []).map((c) => c.id));
  for (const customer of ctx.existing.customersByName ?? []) {
    if (named.has(customer.id)) continue;
    named.add(customer.id);
    addByName(index, { ref: { in: "site", customerId: customer.id }, name: customer.name });
  }
  const rowOf = new Map<string, number>();
  for (const row of sheet?.rows ?? []) {
    const before = ctx.errors.length;
    const customer = checkRow(ctx, sheet!, row);
    const number = customer.idNumber;
    if (number !== undefined) {
      const earlier = rowOf.get(number);
      if (earlier !== undefined) {
        report(
          ctx,
          sheet!,
          row,
          "idNumber",
          rowMessage(
            (r) => `与${r}的证件号码重复`,
            (r) => `repeats the ID number of ${r}`,
            earlier,
          ),
        );
      } else if (atSite.has(number)) {
        report(ctx, sheet!, row, "idNumber", {
          zh: "本项目已登记该证件号码的客户",
          en: "is already registered at the site",
        });
      } else {
        rowOf.set(number, row.row);
        const known: KnownCustomer = {
          ref: { in: "workbook", key: rowKey(ctx.siteKey, "customers", number), idNumber: number },
          name: customer.name ?? "",
          row: row.row,
        };
        index.byIdNumber.set(number, known);
        addByName(index, known);
      }
    }
    if (ctx.errors.length === before && rowReadable(row) && customer.planned) {
      index.planned.push(customer.planned);
    }
  }
  return index;
}

function addByName(index: CustomerIndex, known: KnownCustomer): void {
  if (known.name === "") return;
  const key = identityKey(known.name);
  const list = index.byName.get(key);
  if (list) list.push(known);
  else index.byName.set(key, [known]);
}

function checkRow(
  ctx: Context,
  sheet: ParsedSheet,
  row: ParsedRow,
): { idNumber?: string; name?: string; planned?: PlannedCustomer } {
  const name = value<string>(ctx, sheet, row, "name", true);
  const kind = value<CustomerKindName>(ctx, sheet, row, "kind", true);
  const type = value<IdDocumentTypeName>(ctx, sheet, row, "idType", true);
  const raw = value<string>(ctx, sheet, row, "idNumber", true);
  const number = raw === undefined ? undefined : normaliseIdNumber(raw);
  if (kind !== undefined && type !== undefined && !documentTypesOfKind[kind].includes(type)) {
    const allowed = documentTypesOfKind[kind];
    report(ctx, sheet, row, "idType", {
      zh: `${kind === "person" ? "个人" : "企业"}的证件类型应为：${allowed.map((t) => termLabel(idDocumentTypeTerms, t, "zh")).join("、")}`,
      en: `must be ${allowed.map((t) => termLabel(idDocumentTypeTerms, t, "en")).join(", ")} for a ${kind}`,
    });
  }
  if (number !== undefined && type !== undefined) {
    const problem = idNumberProblem(type, number, ctx.asOf);
    if (problem) report(ctx, sheet, row, "idNumber", problem);
  }
  const phones = checkPhones(ctx, sheet, row);
  const email = value<string>(ctx, sheet, row, "email") ?? "";
  if (email !== "" && !isEmail(email)) report(ctx, sheet, row, "email", emailRule);
  const emergencyPhone = normalisePhone(value<string>(ctx, sheet, row, "emergencyPhone") ?? "");
  if (emergencyPhone !== "" && !isPhone(emergencyPhone)) {
    report(ctx, sheet, row, "emergencyPhone", phoneRule);
  }
  const tags = [...new Set(value<string[]>(ctx, sheet, row, "tags") ?? [])];
  if (tags.length > MAX_TAGS) {
    report(ctx, sheet, row, "tags", {
      zh: `最多 ${MAX_TAGS} 个标签`,
      en: `must have at most ${MAX_TAGS} tags`,
    });
  } else if (tags.some((tag) => tag.length > MAX_TAG_LENGTH)) {
    report(ctx, sheet, row, "tags", {
      zh: `每个标签最多 ${MAX_TAG_LENGTH} 个字符`,
      en: `must have tags of at most ${MAX_TAG_LENGTH} characters`,
    });
  }
  if (name === undefined || kind === undefined || type === undefined || number === undefined) {
    return { idNumber: number, name };
  }
  return {
    idNumber: number,
    name,
    planned: {
      sheet: "customers",
      row: row.row,
      key: rowKey(ctx.siteKey, "customers", number),
      kind,
      name,
      idDocumentType: type,
      idNumber: number,
      phones,
      email,
      emergencyContact: {
        name: value<string>(ctx, sheet, row, "emergencyName") ?? "",
        phone: emergencyPhone,
        relation: value<string>(ctx, sheet, row, "emergencyRelation") ?? "",
      },
      tags,
      consentSms: value<boolean>(ctx, sheet, row, "consentSms") ?? false,
      consentEmail: value<boolean>(ctx, sheet, row, "consentEmail") ?? false,
    },
  };
}

function checkPhones(ctx: Context, sheet: ParsedSheet, row: ParsedRow): string[] {
  const phones = (value<string[]>(ctx, sheet, row, "phones") ?? []).map(normalisePhone);
  const bad = phones.find((phone) => !isPhone(phone));
  if (bad !== undefined) {
    report(ctx, sheet, row, "phones", {
      zh: `“${bad}”：${phoneRule.zh}`,
      en: `"${bad}" ${phoneRule.en}`,
    });
  } else if (phones.length > MAX_PHONES) {
    report(ctx, sheet, row, "phones", {
      zh: `最多 ${MAX_PHONES} 个号码`,
      en: `must have at most ${MAX_PHONES} numbers`,
    });
  }
  return [...new Set(phones)];
}

/**
 * The customer a row of another sheet names by ID number (which wins) or by name. Reports a
 * customer that is not found, a name several customers share, and an ID number whose customer
 * has another name. Null when not found or not given (then `required` says whether to report).
 */
export function resolveCustomer(
  ctx: Context,
  index: CustomerIndex,
  sheet: ParsedSheet,
  row: ParsedRow,
  required: boolean,
): KnownCustomer | null {
  const raw = value<string>(ctx, sheet, row, "customerIdNumber");
  const name = value<string>(ctx, sheet, row, "customerName");
  if (raw !== undefined) {
    const known = index.byIdNumber.get(normaliseIdNumber(raw));
    if (!known) {
      report(ctx, sheet, row, "customerIdNumber", notFound);
      return null;
    }
    if (name !== undefined && known.name !== "" && identityKey(name) !== identityKey(known.name)) {
      report(ctx, sheet, row, "customerName", {
        zh: `与证件号码对应的客户“${known.name}”不一致`,
        en: `differs from the name of the customer with that ID number ("${known.name}")`,
      });
      return null;
    }
    return known;
  }
  if (name !== undefined) {
    const matches = index.byName.get(identityKey(name)) ?? [];
    if (matches.length === 1) return matches[0]!;
    report(ctx, sheet, row, "customerName", matches.length === 0 ? notFound : ambiguous);
    return null;
  }
  if (required && row.text.customerIdNumber === undefined && row.text.customerName === undefined) {
    report(ctx, sheet, row, "customerIdNumber", {
      zh: "客户证件号码与客户名称至少填一个",
      en: "is required (or the customer name)",
    });
  }
  return null;
}

const notFound: Message = {
  zh: "“客户”表和本项目中都没有该客户",
  en: "is neither a customer of the Customers sheet nor of the site",
};

const ambiguous: Message = {
  zh: "有多个同名客户，请填写客户证件号码",
  en: "names several customers: give the customer's ID number",
};
