/**
 * The go-live workbook: its sheets and columns, once, for the template (headers, drop-downs,
 * example row, widths, instructions), the parser (headers in Chinese or English, aliases) and the
 * error workbook. Column keys are the names the parsed rows and errors use.
 *
 * Money columns are yuan with at most two decimals (parsed into fen), areas m² with at most two
 * decimals (hundredths), percentages like `5%`, dates like `2026-01-01`.
 */
import {
  alignmentTerms,
  basisTerms,
  customerKindTerms,
  escalationTerms,
  frequencyTerms,
  idDocumentTypeTerms,
  type Message,
  paymentMethodTerms,
  penaltyTerms,
  unitKindTerms,
  unitStatusTerms,
  type Vocabulary,
} from "./vocabulary.ts";

export const sheetKeys = [
  "units",
  "customers",
  "leases",
  "arrears",
  "deposits",
  "prepayments",
] as const;
export type SheetKey = (typeof sheetKeys)[number];

export type Lang = "zh" | "en";

/** How a column's cells are read (cells.ts has one converter per kind). */
export type CellKind =
  | "text"
  | "identifier"
  | "money"
  | "area"
  | "whole"
  | "percent"
  | "date"
  | "term"
  | "boolean"
  | "words"
  | "phrases"
  | "steps"
  | "ranges";

/** An example cell: written as is, except `term` codes (written as labels) and dates. */
export type Example = string | number | boolean;

export interface ColumnSpec {
  key: string;
  zh: string;
  en: string;
  kind: CellKind;
  /** Longest text (text, identifier, words, phrases). */
  max?: number;
  vocabulary?: Vocabulary;
  /** The header must be present and every row must fill the cell. */
  required?: boolean;
  /** Other headers people use for the column. */
  aliases?: readonly string[];
  /** What to write, for the instructions sheet. */
  note: Message;
  example?: Example;
  /** Characters; the template's column width. */
  width?: number;
  /** Written in the template (the parser knows the columns left out too). */
  inTemplate?: boolean;
}

export interface SheetSpec {
  key: SheetKey;
  zh: string;
  en: string;
  aliases: readonly string[];
  note: Message;
  columns: readonly ColumnSpec[];
}

const col = (spec: ColumnSpec): ColumnSpec => ({ inTemplate: true, ...spec });

const units: SheetSpec = {
  key: "units",
  zh: "单元",
  en: "Units",
  aliases: ["房源", "房间", "单元信息", "资产"],
  note: {
    zh: "每行一个可出租单元（房间、商铺、车位……）。单元编码在本项目内唯一。",
    en: "One leasable unit per row (flat, shop, parking space…). Unit codes are unique in the site.",
  },
  columns: [
    col({
      key: "code",
      zh: "单元编码",
      en: "Unit code",
      kind: "identifier",
      max: 40,
      required: true,
      aliases: ["房号", "房间号", "编码", "单元号", "code"],
      note: { zh: "1–40 位字母、数字或 . _ / -", en: "1–40 letters, digits or . _ / -" },
      example: "A-101",
      width: 14,
    }),
    col({
      key: "name",
      zh: "单元名称",
      en: "Name",
      kind: "text",
      max: 200,
      aliases: ["名称", "房间名称"],
      note: { zh: "留空则与单元编码相同", en: "Blank: the unit code" },
      example: "A栋101",
      width: 16,
    }),
    col({
      key: "building",
      zh: "楼栋",
      en: "Building",
      kind: "text",
      max: 200,
      aliases: ["楼号", "栋"],
      note: { zh: "可留空", en: "Optional" },
      example: "A栋",
      width: 10,
    }),
    col({
      key: "floor",
      zh: "楼层",
      en: "Floor",
      kind: "text",
      max: 20,
      aliases: ["层"],
      note: { zh: "可留空，最多 20 个字符", en: "Optional, at most 20 characters" },
      example: "1",
      width: 8,
    }),
    col({
      key: "kind",
      zh: "单元类型",
      en: "Kind",
      kind: "term",
      vocabulary: unitKindTerms,
      required: true,
      aliases: ["类型", "房屋类型", "用途"],
      note: { zh: "从下拉列表选择", en: "Pick from the list" },
      example: "apartment",
      width: 14,
    }),
    col({
      key: "grossArea",
      zh: "建筑面积(㎡)",
      en: "Gross area (m²)",
      kind: "area",
      required: true,
      aliases: ["建筑面积", "面积", "gross area"],
      note: { zh: "大于 0，最多 2 位小数", en: "Above 0, at most 2 decimals" },
      example: 85.5,
      width: 14,
    }),
    col({
      key: "usableArea",
      zh: "使用面积(㎡)",
      en: "Usable area (m²)",
      kind: "area",
      aliases: ["使用面积", "套内面积", "usable area"],
      note: {
        zh: "留空则等于建筑面积；不能大于建筑面积",
        en: "Blank: the gross area; not above it",
      },
      example: 70,
      width: 14,
    }),
    col({
      key: "listRent",
      zh: "挂牌月租金(元)",
      en: "List rent per month",
      kind: "money",
      aliases: ["挂牌租金", "月租金", "list rent"],
      note: { zh: "元，最多 2 位小数；留空为 0", en: "Yuan, at most 2 decimals; blank is 0" },
      example: 6500,
      width: 16,
    }),
    col({
      key: "status",
      zh: "状态",
      en: "Status",
      kind: "term",
      vocabulary: unitStatusTerms,
      aliases: ["出租状态", "单元状态"],
      note: {
        zh: "留空为空置；“已出租”须有本工作簿的合同在上线日租用该单元，“预留”则不能有；维修中、停用的单元不能有合同",
        en: "Blank: vacant; Leased only if a lease of this workbook lets it on the go-live date, Reserved only if none does; no lease may let a unit under maintenance or inactive",
      },
      example: "leased",
      width: 10,
    }),
  ],
};

const customers: SheetSpec = {
  key: "customers",
  zh: "客户",
  en: "Customers",
  aliases: ["租户", "客户信息", "承租人", "tenants"],
  note: {
    zh: "每行一个客户（个人或企业）。证件号码在本项目内唯一；合同、预交款以证件号码（或唯一的客户名称）指向客户。",
    en: "One customer (person or company) per row. ID numbers are unique in the site; leases and prepayments name a customer by ID number (or a unique name).",
  },
  columns: [
    col({
      key: "name",
      zh: "客户名称",
      en: "Name",
      kind: "text",
      max: 200,
      required: true,
      aliases: ["姓名", "名称", "租户名称", "客户姓名", "承租人"],
      note: { zh: "个人姓名或企业全称", en: "A person's or company's full name" },
      example: "张三",
      width: 16,
    }),
    col({
      key: "kind",
      zh: "客户类型",
      en: "Kind",
      kind: "term",
      vocabulary: customerKindTerms,
      required: true,
      aliases: ["类型", "客户性质"],
      note: { zh: "个人或企业", en: "Person or company" },
      example: "person",
      width: 10,
    }),
    col({
      key: "idType",
      zh: "证件类型",
      en: "ID document type",
      kind: "term",
      vocabulary: idDocumentTypeTerms,
      required: true,
      aliases: ["证件种类"],
      note: {
        zh: "个人：居民身份证、护照、港澳台通行证、其他；企业：统一社会信用代码、其他",
        en: "Person: resident ID, passport, HK/Macao/Taiwan permit, other; company: unified social credit code, other",
      },
      example: "resident_id",
      width: 18,
    }),
    col({
      key: "idNumber",
      zh: "证件号码",
      en: "ID number",
      kind: "identifier",
      max: 40,
      required: true,
      aliases: ["身份证号", "身份证号码", "证件号", "信用代码", "id no"],
      note: {
        zh: "请设为文本格式；身份证号校验出生日期与校验位",
        en: "Format as text; resident IDs are checked (birth date, check digit)",
      },
      example: "11010519491231002X",
      width: 22,
    }),
    col({
      key: "phones",
      zh: "联系电话",
      en: "Phones",
      kind: "phrases",
      max: 500,
      aliases: ["电话", "手机", "手机号", "联系方式", "phone"],
      note: {
        zh: "6–20 位数字，可带 +；多个用逗号或分号隔开",
        en: "6–20 digits, optional +; several apart by , or ;",
      },
      example: "13800138000",
      width: 16,
    }),
    col({
      key: "email",
      zh: "电子邮箱",
      en: "E-mail",
      kind: "text",
      max: 254,
      aliases: ["邮箱", "email"],
      note: { zh: "可留空", en: "Optional" },
      example: "zhangsan@example.com",
      width: 22,
    }),
    col({
      key: "emergencyName",
      zh: "紧急联系人",
      en: "Emergency contact",
      kind: "text",
      max: 100,
      note: { zh: "可留空", en: "Optional" },
      example: "李四",
      width: 12,
    }),
    col({
      key: "emergencyPhone",
      zh: "紧急联系人电话",
      en: "Emergency contact phone",
      kind: "text",
      max: 40,
      note: { zh: "可留空", en: "Optional" },
      example: "13900139000",
      width: 16,
    }),
    col({
      key: "emergencyRelation",
      zh: "紧急联系人关系",
      en: "Emergency contact relation",
      kind: "text",
      max: 50,
      note: { zh: "可留空", en: "Optional" },
      example: "配偶",
      width: 12,
    }),
    col({
      key: "tags",
      zh: "标签",
      en: "Tags",
      kind: "phrases",
      max: 2000,
      note: {
        zh: "多个用逗号隔开；每个最多 50 字，最多 30 个",
        en: "Apart by commas; each at most 50 characters, at most 30",
      },
      example: "VIP",
      width: 12,
    }),
    col({
      key: "consentSms",
      zh: "同意短信通知",
      en: "SMS consent",
      kind: "boolean",
      aliases: ["短信通知"],
      note: { zh: "是/否，留空为否", en: "Yes/no, blank is no" },
      example: "yes",
      width: 12,
    }),
    col({
      key: "consentEmail",
      zh: "同意邮件通知",
      en: "E-mail consent",
      kind: "boolean",
      aliases: ["邮件通知"],
      note: { zh: "是/否，留空为否", en: "Yes/no, blank is no" },
      example: "no",
      width: 12,
    }),
  ],
};

const feeParts = (n: number): ColumnSpec[] => {
  const inTemplate = n <= 2;
  const zh = `费用${n}`;
  const en = `Fee ${n}`;
  return [
    {
      key: `fee${n}Code`,
      zh: `${zh}编码`,
      en: `${en} code`,
      kind: "identifier",
      max: 40,
      inTemplate,
      note: {
        zh: "收费项目编码，如 management（物业管理费）、parking（停车费）",
        en: "Fee item code, e.g. management, parking",
      },
      ...(n === 1 ? { example: "management" } : {}),
      width: 14,
    },
    {
      key: `fee${n}Basis`,
      zh: `${zh}方式`,
      en: `${en} basis`,
      kind: "term",
      vocabulary: basisTerms,
      inTemplate,
      note: { zh: "每期固定金额或按面积单价(元/㎡/月)", en: "Per period, or per m² per month" },
      ...(n === 1 ? { example: "per_m2_month" } : {}),
      width: 14,
    },
    {
      key: `fee${n}Amount`,
      zh: `${zh}金额`,
      en: `${en} amount`,
      kind: "money",
      inTemplate,
      note: { zh: "每期金额，或每平方米每月单价(元)", en: "Per period, or yuan per m² per month" },
      ...(n === 1 ? { example: 3.5 } : {}),
      width: 12,
    },
    {
      key: `fee${n}Area`,
      zh: `${zh}面积(㎡)`,
      en: `${en} area (m²)`,
      kind: "area",
      inTemplate,
      note: {
        zh: "按面积时留空则为所租单元建筑面积之和",
        en: "Per m²: blank is the leased units' gross area",
      },
      width: 12,
    },
    {
      key: `fee${n}Frequency`,
      zh: `${zh}周期`,
      en: `${en} frequency`,
      kind: "term",
      vocabulary: frequencyTerms,
      inTemplate,
      note: { zh: "留空则与租金付款周期相同", en: "Blank: the rent's frequency" },
      width: 10,
    },
  ];
};

/** Recurring fees per lease the parser reads (`leaseLimits.fees.max` of @slms/contracts). */
export const MAX_FEES = 20;

const leases: SheetSpec = {
  key: "leases",
  zh: "合同",
  en: "Leases",
  aliases: ["租赁合同", "合同信息", "contracts"],
  note: {
    zh: "每行一份在租合同及其条款。客户与单元须在本工作簿或本项目中已存在；同一单元不能被日期重叠的两份合同租用。",
    en: "One active lease and its terms per row. Its customer and units must be in this workbook or already in the site; a unit is let by one lease at a time.",
  },
  columns: [
    col({
      key: "reference",
      zh: "合同编号",
      en: "Lease reference",
      kind: "identifier",
      max: 60,
      required: true,
      aliases: ["合同号", "编号", "reference"],
      note: { zh: "本项目内唯一，最多 60 个字符", en: "Unique in the site, at most 60 characters" },
      example: "HT-2026-001",
      width: 16,
    }),
    col({
      key: "customerIdNumber",
      zh: "客户证件号码",
      en: "Customer ID number",
      kind: "identifier",
      max: 40,
      aliases: ["证件号码", "身份证号"],
      note: {
        zh: "与“客户名称”至少填一个；填写时以证件号码为准",
        en: "This or the customer name; the ID number wins",
      },
      example: "11010519491231002X",
      width: 22,
    }),
    col({
      key: "customerName",
      zh: "客户名称",
      en: "Customer name",
      kind: "text",
      max: 200,
      aliases: ["承租人", "租户", "客户"],
      note: {
        zh: "无证件号码时须唯一对应一个客户",
        en: "Without an ID number it must name exactly one customer",
      },
      example: "张三",
      width: 14,
    }),
    col({
      key: "unitCodes",
      zh: "单元编码",
      en: "Unit codes",
      kind: "words",
      max: 4000,
      required: true,
      aliases: ["房号", "单元", "租赁单元"],
      note: { zh: "一个或多个，用逗号隔开", en: "One or more, apart by commas" },
      example: "A-101",
      width: 14,
    }),
    col({
      key: "startDate",
      zh: "开始日期",
      en: "Start date",
      kind: "date",
      required: true,
      aliases: ["起租日", "起租日期", "租期开始"],
      note: { zh: "如 2026-01-01", en: "e.g. 2026-01-01" },
      example: "2026-01-01",
      width: 12,
    }),
    col({
      key: "endDate",
      zh: "结束日期",
      en: "End date",
      kind: "date",
      required: true,
      aliases: ["到期日", "到期日期", "租期结束"],
      note: {
        zh: "不早于开始日期和上线日期；租期最长 20 年",
        en: "Not before the start nor the go-live date; at most 20 years",
      },
      example: "2027-12-31",
      width: 12,
    }),
    col({
      key: "frequency",
      zh: "付款周期",
      en: "Billing frequency",
      kind: "term",
      vocabulary: frequencyTerms,
      required: true,
      aliases: ["付款方式", "缴费周期", "frequency"],
      note: { zh: "月付、季付、半年付、年付", en: "Monthly, quarterly, semi-annual, annual" },
      example: "monthly",
      width: 10,
    }),
    col({
      key: "alignment",
      zh: "账期对齐",
      en: "Period alignment",
      kind: "term",
      vocabulary: alignmentTerms,
      aliases: ["账期"],
      note: { zh: "留空为按合同起始日", en: "Blank: from the lease start" },
      example: "lease_start",
      width: 14,
    }),
    col({
      key: "rentBasis",
      zh: "计租方式",
      en: "Rent basis",
      kind: "term",
      vocabulary: basisTerms,
      required: true,
      aliases: ["租金方式"],
      note: { zh: "每期固定金额，或按面积单价(元/㎡/月)", en: "Per period, or per m² per month" },
      example: "per_period",
      width: 14,
    }),
    col({
      key: "rent",
      zh: "租金(元)",
      en: "Rent",
      kind: "money",
      required: true,
      aliases: ["租金", "租金金额", "租金单价"],
      note: {
        zh: "每期租金；按面积时为每平方米每月单价",
        en: "Per period; per m² per month when by area",
      },
      example: 6500,
      width: 12,
    }),
    col({
      key: "rentArea",
      zh: "计租面积(㎡)",
      en: "Rent area (m²)",
      kind: "area",
      aliases: ["计租面积"],
      note: {
        zh: "按面积计租时使用；留空为所租单元建筑面积之和",
        en: "Per m² rent; blank is the units' gross area",
      },
      width: 12,
    }),
    col({
      key: "escalation",
      zh: "递增方式",
      en: "Escalation",
      kind: "term",
      vocabulary: escalationTerms,
      aliases: ["租金递增"],
      note: { zh: "留空为不递增", en: "Blank: none" },
      example: "fixed_percent",
      width: 12,
    }),
    col({
      key: "escalationRate",
      zh: "年递增率",
      en: "Escalation per year",
      kind: "percent",
      aliases: ["递增率", "递增比例"],
      note: { zh: "按比例递增时填写，如 5%（0–50%）", en: "Fixed %: e.g. 5% (0–50%)" },
      example: "5%",
      width: 10,
    }),
    col({
      key: "escalationSteps",
      zh: "阶梯租金",
      en: "Rent steps",
      kind: "steps",
      aliases: ["阶梯"],
      note: {
        zh: "阶梯租金时填写：日期=金额，多段用分号隔开，如 2027-01-01=7000;2028-01-01=7500",
        en: "Stepped: date=amount; apart by ;, e.g. 2027-01-01=7000;2028-01-01=7500",
      },
      width: 24,
    }),
    col({
      key: "rentFree",
      zh: "免租期",
      en: "Rent-free periods",
      kind: "ranges",
      aliases: ["免租"],
      note: {
        zh: "开始~结束，多段用分号隔开，如 2026-01-01~2026-01-31",
        en: "from~to; apart by ;, e.g. 2026-01-01~2026-01-31",
      },
      example: "2026-01-01~2026-01-15",
      width: 24,
    }),
    col({
      key: "billLeadDays",
      zh: "提前出账天数",
      en: "Bill lead days",
      kind: "whole",
      aliases: ["提前出账"],
      note: { zh: "0–90，留空为 0", en: "0–90, blank is 0" },
      example: 15,
      width: 12,
    }),
    col({
      key: "dueDay",
      zh: "缴费日",
      en: "Due day",
      kind: "whole",
      aliases: ["每期缴费日", "付款日"],
      note: { zh: "每期应缴日（1–28），留空为 1", en: "Day of month due (1–28), blank is 1" },
      example: 5,
      width: 8,
    }),
    col({
      key: "deposit",
      zh: "合同押金(元)",
      en: "Deposit (terms)",
      kind: "money",
      aliases: ["合同押金", "押金"],
      note: {
        zh: "合同约定押金，留空为 0（已收押金填写在“押金”表）",
        en: "Deposit the lease requires, blank is 0 (money held goes on the Deposits sheet)",
      },
      example: 13000,
      width: 12,
    }),
    col({
      key: "lateFeeGraceDays",
      zh: "滞纳金宽限天数",
      en: "Late fee grace days",
      kind: "whole",
      aliases: ["宽限天数"],
      note: { zh: "0–365，留空为 0", en: "0–365, blank is 0" },
      example: 5,
      width: 12,
    }),
    col({
      key: "lateFeeDailyRate",
      zh: "滞纳金日费率",
      en: "Late fee per day",
      kind: "percent",
      aliases: ["滞纳金费率", "日费率"],
      note: {
        zh: "欠款的百分比，如 0.05%（最多 1%）；留空为不收",
        en: "Of the unpaid amount, e.g. 0.05% (at most 1%); blank: none",
      },
      example: "0.05%",
      width: 12,
    }),
    col({
      key: "lateFeeCap",
      zh: "滞纳金上限",
      en: "Late fee cap",
      kind: "percent",
      aliases: ["滞纳金封顶"],
      note: {
        zh: "账单金额的百分比（最多 100%）；有日费率时必填",
        en: "Of the bill (at most 100%); required with a daily rate",
      },
      example: "20%",
      width: 12,
    }),
    col({
      key: "penaltyKind",
      zh: "违约金方式",
      en: "Termination penalty",
      kind: "term",
      vocabulary: penaltyTerms,
      aliases: ["违约金"],
      note: {
        zh: "无、按月租金或固定金额；留空为无",
        en: "None, months of rent or a fixed amount; blank: none",
      },
      example: "months_of_rent",
      width: 12,
    }),
    col({
      key: "penaltyMonths",
      zh: "违约金月数",
      en: "Penalty months",
      kind: "whole",
      note: { zh: "按月租金时填写，1–24", en: "Months of rent: 1–24" },
      example: 2,
      width: 10,
    }),
    col({
      key: "penaltyAmount",
      zh: "违约金金额(元)",
      en: "Penalty amount",
      kind: "money",
      note: { zh: "固定金额时填写", en: "Fixed amount" },
      width: 12,
    }),
    ...Array.from({ length: MAX_FEES }, (_, i) => feeParts(i + 1)).flat(),
  ],
};

const arrears: SheetSpec = {
  key: "arrears",
  zh: "期初欠费",
  en: "Opening arrears",
  aliases: ["欠费", "历史欠费", "期初应收", "arrears"],
  note: {
    zh: "上线前已出账未收的款项，每行一个合同、收费项目、账期。账期开始不能晚于上线日期。",
    en: "What was billed and is unpaid at go-live: one lease, fee item and period per row. A period may not start after the go-live date.",
  },
  columns: [
    col({
      key: "leaseReference",
      zh: "合同编号",
      en: "Lease reference",
      kind: "identifier",
      max: 60,
      required: true,
      aliases: ["合同号"],
      note: { zh: "本工作簿或本项目中的合同", en: "A lease of this workbook or the site" },
      example: "HT-2026-001",
      width: 16,
    }),
    col({
      key: "feeCode",
      zh: "收费项目",
      en: "Fee item",
      kind: "identifier",
      max: 40,
      required: true,
      aliases: ["费用项目", "费项", "fee code"],
      note: {
        zh: "收费项目编码或名称，如 rent / 租金、management / 物业管理费",
        en: "Fee item code or name, e.g. rent, management",
      },
      example: "rent",
      width: 12,
    }),
    col({
      key: "periodStart",
      zh: "账期开始",
      en: "Period start",
      kind: "date",
      required: true,
      aliases: ["所属期开始", "开始日期"],
      note: { zh: "如 2025-12-01", en: "e.g. 2025-12-01" },
      example: "2025-12-01",
      width: 12,
    }),
    col({
      key: "periodEnd",
      zh: "账期结束",
      en: "Period end",
      kind: "date",
      required: true,
      aliases: ["所属期结束", "结束日期"],
      note: { zh: "不早于账期开始", en: "Not before the period start" },
      example: "2025-12-31",
      width: 12,
    }),
    col({
      key: "dueDate",
      zh: "应缴日期",
      en: "Due date",
      kind: "date",
      aliases: ["到期日", "应付日期"],
      note: { zh: "留空为账期开始", en: "Blank: the period start" },
      example: "2025-12-05",
      width: 12,
    }),
    col({
      key: "amount",
      zh: "欠费金额(元)",
      en: "Amount owed",
      kind: "money",
      required: true,
      aliases: ["欠费金额", "欠款金额", "金额"],
      note: { zh: "大于 0", en: "Above 0" },
      example: 6500,
      width: 14,
    }),
    col({
      key: "note",
      zh: "备注",
      en: "Note",
      kind: "text",
      max: 500,
      note: { zh: "可留空", en: "Optional" },
      width: 20,
    }),
  ],
};

const deposits: SheetSpec = {
  key: "deposits",
  zh: "押金",
  en: "Deposits",
  aliases: ["押金台账", "已收押金", "保证金"],
  note: {
    zh: "上线时仍持有的押金，每行一笔，指向一份合同。",
    en: "Deposits held at go-live, one receipt per row, each for a lease.",
  },
  columns: [
    col({
      key: "leaseReference",
      zh: "合同编号",
      en: "Lease reference",
      kind: "identifier",
      max: 60,
      required: true,
      aliases: ["合同号"],
      note: { zh: "本工作簿或本项目中的合同", en: "A lease of this workbook or the site" },
      example: "HT-2026-001",
      width: 16,
    }),
    col({
      key: "amount",
      zh: "押金金额(元)",
      en: "Deposit held",
      kind: "money",
      required: true,
      aliases: ["押金金额", "金额", "押金"],
      note: { zh: "大于 0", en: "Above 0" },
      example: 13000,
      width: 14,
    }),
    col({
      key: "receivedDate",
      zh: "收款日期",
      en: "Received on",
      kind: "date",
      aliases: ["收取日期", "日期"],
      note: {
        zh: "不晚于上线日期；留空为上线日期",
        en: "Not after the go-live date; blank is that date",
      },
      example: "2025-12-20",
      width: 12,
    }),
    col({
      key: "method",
      zh: "收款方式",
      en: "Method",
      kind: "term",
      vocabulary: paymentMethodTerms,
      aliases: ["支付方式"],
      note: { zh: "留空为其他", en: "Blank: other" },
      example: "bank_transfer",
      width: 12,
    }),
    col({
      key: "reference",
      zh: "收据号",
      en: "Receipt reference",
      kind: "text",
      max: 200,
      aliases: ["凭证号", "收据编号"],
      note: { zh: "可留空", en: "Optional" },
      example: "SJ-0001",
      width: 14,
    }),
  ],
};

const prepayments: SheetSpec = {
  key: "prepayments",
  zh: "预交款",
  en: "Prepayments",
  aliases: ["预收款", "预存款", "余额"],
  note: {
    zh: "上线时客户的预交款余额，每行一笔；可指定合同（须为该客户的合同）。",
    en: "Customers' prepaid balances at go-live, one per row; optionally for a lease of that customer.",
  },
  columns: [
    col({
      key: "customerIdNumber",
      zh: "客户证件号码",
      en: "Customer ID number",
      kind: "identifier",
      max: 40,
      aliases: ["证件号码", "身份证号"],
      note: { zh: "与“客户名称”至少填一个", en: "This or the customer name" },
      example: "11010519491231002X",
      width: 22,
    }),
    col({
      key: "customerName",
      zh: "客户名称",
      en: "Customer name",
      kind: "text",
      max: 200,
      aliases: ["租户", "客户"],
      note: {
        zh: "无证件号码时须唯一对应一个客户",
        en: "Without an ID number it must name exactly one customer",
      },
      example: "张三",
      width: 14,
    }),
    col({
      key: "leaseReference",
      zh: "合同编号",
      en: "Lease reference",
      kind: "identifier",
      max: 60,
      aliases: ["合同号"],
      note: { zh: "可留空；填写时须为该客户的合同", en: "Optional; a lease of that customer" },
      example: "HT-2026-001",
      width: 16,
    }),
    col({
      key: "amount",
      zh: "预交金额(元)",
      en: "Amount",
      kind: "money",
      required: true,
      aliases: ["预交金额", "余额", "金额"],
      note: { zh: "大于 0", en: "Above 0" },
      example: 2000,
      width: 14,
    }),
    col({
      key: "receivedDate",
      zh: "收款日期",
      en: "Received on",
      kind: "date",
      aliases: ["日期"],
      note: {
        zh: "不晚于上线日期；留空为上线日期",
        en: "Not after the go-live date; blank is that date",
      },
      example: "2025-12-20",
      width: 12,
    }),
    col({
      key: "note",
      zh: "备注",
      en: "Note",
      kind: "text",
      max: 500,
      note: { zh: "可留空", en: "Optional" },
      width: 20,
    }),
  ],
};

export const sheetSpecs: Readonly<Record<SheetKey, SheetSpec>> = {
  units,
  customers,
  leases,
  arrears,
  deposits,
  prepayments,
};

/** Names of the template's other sheets; the parser ignores them. */
export const instructionsSheet = { zh: "说明", en: "Instructions" } as const;
export const listsSheet = { zh: "选项", en: "Lists" } as const;
