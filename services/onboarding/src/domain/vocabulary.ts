import { customerKinds, idDocumentTypes, unitKinds, unitStatuses } from "@slms/contracts";

/**
 * The enumerations a go-live workbook holds, with the words people type for them. A cell matches
 * a term by its code (`parking_underground`), its Chinese or English label, or an alias, compared
 * without case, spaces, `_`, `-` or brackets (see {@link vocabularyKey}). Codes are the owning
 * services' own (from `@slms/contracts` where exported there); labels are what the template's
 * drop-down lists offer.
 */
export interface Term<C extends string = string> {
  code: C;
  zh: string;
  en: string;
  aliases?: readonly string[];
}

export type Vocabulary<C extends string = string> = readonly Term<C>[];

/** Text a user sees in a bilingual message. */
export interface Message {
  zh: string;
  en: string;
}

function terms<const C extends string>(
  codes: readonly C[],
  labels: Record<C, Omit<Term<C>, "code">>,
): Vocabulary<C> {
  return codes.map((code) => ({ code, ...labels[code] }));
}

export const unitKindTerms = terms(unitKinds, {
  apartment: { zh: "住宅", en: "Apartment", aliases: ["公寓", "住房"] },
  high_rise_flat: { zh: "高层住宅", en: "High-rise flat", aliases: ["高层"] },
  villa: { zh: "别墅", en: "Villa" },
  office: { zh: "写字楼", en: "Office", aliases: ["办公", "办公室"] },
  shop: { zh: "商铺", en: "Shop", aliases: ["店铺", "门面", "商业"] },
  warehouse: { zh: "仓库", en: "Warehouse", aliases: ["厂房"] },
  serviced_apartment: { zh: "服务式公寓", en: "Serviced apartment" },
  parking_surface: { zh: "地面车位", en: "Surface parking space" },
  parking_underground: { zh: "地下车位", en: "Underground parking space" },
  parking_garage: { zh: "车库", en: "Garage" },
  storage: { zh: "储藏室", en: "Storage", aliases: ["储物间", "杂物间"] },
  equipment: { zh: "设备", en: "Equipment" },
});

/**
 * Statuses a unit may be imported with, as they must agree with the workbook's leases:
 * validate-units.ts `checkLetStatuses` (`leased` is not imported as such: the lease's hold
 * leases the unit). Assets' own transitions are in services/assets/src/domain/unit-status.ts.
 */
export const unitStatusTerms = terms(unitStatuses, {
  vacant: { zh: "空置", en: "Vacant", aliases: ["空闲", "待租"] },
  reserved: { zh: "预留", en: "Reserved", aliases: ["已预订", "预定"] },
  leased: { zh: "已出租", en: "Leased", aliases: ["在租", "已租", "出租"] },
  maintenance: { zh: "维修中", en: "Maintenance", aliases: ["维修", "装修中"] },
  inactive: { zh: "停用", en: "Inactive", aliases: ["不可用"] },
});

export const customerKindTerms = terms(customerKinds, {
  person: { zh: "个人", en: "Person", aliases: ["自然人", "individual"] },
  company: { zh: "企业", en: "Company", aliases: ["公司", "单位", "organisation", "organization"] },
});

export const idDocumentTypeTerms = terms(idDocumentTypes, {
  resident_id: { zh: "居民身份证", en: "Resident ID card", aliases: ["身份证", "ID card"] },
  passport: { zh: "护照", en: "Passport" },
  hk_macao_taiwan_permit: {
    zh: "港澳台通行证",
    en: "HK/Macao/Taiwan permit",
    aliases: ["港澳通行证", "台胞证", "回乡证", "港澳台居民居住证"],
  },
  unified_social_credit_code: {
    zh: "统一社会信用代码",
    en: "Unified social credit code",
    aliases: ["信用代码", "营业执照", "社会信用代码"],
  },
  other: { zh: "其他", en: "Other" },
});

/** Billing frequencies: services/contracts/src/domain/terms.ts `frequencies`. */
export const frequencyTerms = terms(["monthly", "quarterly", "semi_annual", "annual"] as const, {
  monthly: { zh: "月付", en: "Monthly", aliases: ["按月", "每月", "月"] },
  quarterly: { zh: "季付", en: "Quarterly", aliases: ["按季", "每季", "季度"] },
  semi_annual: { zh: "半年付", en: "Semi-annual", aliases: ["按半年", "半年"] },
  annual: { zh: "年付", en: "Annual", aliases: ["按年", "每年", "年"] },
});

/** Where billing periods start: services/contracts/src/domain/terms.ts `PeriodAlignment`. */
export const alignmentTerms = terms(["lease_start", "calendar"] as const, {
  lease_start: { zh: "按合同起始日", en: "From lease start", aliases: ["起始日", "合同日"] },
  calendar: { zh: "按自然月", en: "Calendar", aliases: ["自然月", "自然周期", "日历"] },
});

/** Rent and fee bases: services/contracts/src/domain/terms.ts `RentTerm` / `RecurringFee`. */
export const basisTerms = terms(["per_period", "per_m2_month"] as const, {
  per_period: { zh: "每期固定金额", en: "Per period", aliases: ["固定", "按期", "固定金额"] },
  per_m2_month: {
    zh: "按面积单价",
    en: "Per m² per month",
    aliases: ["单价", "按面积", "元/m2/月", "per m2", "per sqm"],
  },
});

/** services/contracts/src/domain/terms.ts `Escalation`. */
export const escalationTerms = terms(["none", "fixed_percent", "stepped"] as const, {
  none: { zh: "不递增", en: "None", aliases: ["无", "不调整"] },
  fixed_percent: { zh: "按比例递增", en: "Fixed % per year", aliases: ["比例", "固定比例"] },
  stepped: { zh: "阶梯租金", en: "Stepped", aliases: ["阶梯", "分段"] },
});

/** services/contracts/src/domain/terms.ts `TerminationPenalty`. */
export const penaltyTerms = terms(["none", "months_of_rent", "fixed"] as const, {
  none: { zh: "无", en: "None", aliases: ["不收"] },
  months_of_rent: { zh: "按月租金", en: "Months of rent", aliases: ["月租金", "按月"] },
  fixed: { zh: "固定金额", en: "Fixed amount", aliases: ["固定"] },
});

/** services/payments/src/domain/payment-methods.ts (labels as printed on receipts). */
export const paymentMethodTerms = terms(
  ["cash", "bank_transfer", "card", "wechat_pay", "alipay", "other"] as const,
  {
    cash: { zh: "现金", en: "Cash" },
    bank_transfer: { zh: "银行转账", en: "Bank transfer", aliases: ["转账", "银行"] },
    card: { zh: "银行卡", en: "Card", aliases: ["刷卡", "POS"] },
    wechat_pay: { zh: "微信支付", en: "WeChat Pay", aliases: ["微信"] },
    alipay: { zh: "支付宝", en: "Alipay" },
    other: { zh: "其他", en: "Other" },
  },
);

/**
 * The fee items every organisation starts with (services/billing/src/db/fee-items.ts
 * `defaultFeeItems`), so an arrears row may name one as 物业管理费 instead of `management`. Any
 * other code of the catalogue is accepted as written.
 */
export const feeItemTerms: Vocabulary = [
  { code: "rent", zh: "租金", en: "Rent", aliases: ["房租"] },
  { code: "management", zh: "物业管理费", en: "Management fee", aliases: ["物业费", "管理费"] },
  { code: "parking", zh: "停车费", en: "Parking fee", aliases: ["车位费"] },
  { code: "water", zh: "水费", en: "Water" },
  { code: "electricity", zh: "电费", en: "Electricity" },
  { code: "deposit", zh: "押金", en: "Deposit" },
  { code: "late_fee", zh: "滞纳金", en: "Late fee" },
  { code: "penalty", zh: "违约金", en: "Termination penalty" },
  { code: "other", zh: "其他", en: "Other" },
];

export const booleanTerms = terms(["yes", "no"] as const, {
  yes: { zh: "是", en: "Yes", aliases: ["y", "true", "1", "√", "✓", "同意", "有", "对"] },
  no: { zh: "否", en: "No", aliases: ["n", "false", "0", "×", "✗", "不同意", "无", "不"] },
});

/** The form vocabulary cells and labels are compared in. */
export function vocabularyKey(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replaceAll(/[\s_\-()[\]]/g, "");
}

const lookups = new WeakMap<Vocabulary, Map<string, string>>();

/** The code `text` names in `vocabulary`, or undefined. */
export function lookupTerm<C extends string>(
  vocabulary: Vocabulary<C>,
  text: string,
): C | undefined {
  let lookup = lookups.get(vocabulary);
  if (!lookup) {
    lookup = new Map();
    for (const term of vocabulary) {
      for (const name of [term.code, term.zh, term.en, ...(term.aliases ?? [])]) {
        lookup.set(vocabularyKey(name), term.code);
      }
    }
    lookups.set(vocabulary, lookup);
  }
  return lookup.get(vocabularyKey(text)) as C | undefined;
}

/** The label of `code` in `lang`. */
export function termLabel(vocabulary: Vocabulary, code: string, lang: "zh" | "en"): string {
  return vocabulary.find((term) => term.code === code)?.[lang] ?? code;
}
