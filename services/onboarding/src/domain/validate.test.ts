import { describe, expect, it } from "vitest";
import { ids } from "../../test/support.ts";
import { residentIdCheckChar } from "./identity.ts";
import { type CsvFile, parseCsvFiles } from "./parse.ts";
import type { ExistingSite } from "./plan.ts";
import { validateWorkbook } from "./validate.ts";

// Every error kind of the dry run, each named by sheet, row, column and value as the upload has
// them. A valid workbook (CSV per sheet, Chinese headers, row 1 the header) gets one kind of
// mistake at a time in rows appended below its own; the test asserts the complete error list,
// so a rule that reports nothing, reports twice or names the wrong cell fails.

type Rows = Record<string, string>[];

const base: Record<string, { header: string[]; rows: Rows }> = {
  单元: {
    header: ["单元编码", "单元类型", "建筑面积(㎡)", "使用面积(㎡)", "状态"],
    rows: [
      { 单元编码: "A-101", 单元类型: "住宅", "建筑面积(㎡)": "85.5" },
      { 单元编码: "A-102", 单元类型: "住宅", "建筑面积(㎡)": "90" },
      { 单元编码: "M-1", 单元类型: "商铺", "建筑面积(㎡)": "50", 状态: "维修中" },
    ],
  },
  客户: {
    header: ["客户名称", "客户类型", "证件类型", "证件号码", "联系电话", "电子邮箱"],
    rows: [
      {
        客户名称: "张三",
        客户类型: "个人",
        证件类型: "身份证",
        证件号码: ids.zhang,
        联系电话: "13800138000",
      },
      { 客户名称: "某某公司", 客户类型: "企业", 证件类型: "统一社会信用代码", 证件号码: ids.acme },
    ],
  },
  合同: {
    header: [
      "合同编号",
      "客户证件号码",
      "客户名称",
      "单元编码",
      "开始日期",
      "结束日期",
      "付款周期",
      "计租方式",
      "租金(元)",
      "计租面积(㎡)",
      "年递增率",
      "阶梯租金",
      "免租期",
      "滞纳金日费率",
      "滞纳金上限",
      "违约金月数",
      "费用1编码",
      "费用1方式",
      "费用1金额",
    ],
    rows: [
      {
        合同编号: "HT-1",
        客户证件号码: ids.zhang,
        单元编码: "A-101",
        开始日期: "2026-01-01",
        结束日期: "2026-12-31",
        付款周期: "月付",
        计租方式: "每期固定金额",
        "租金(元)": "5000",
      },
    ],
  },
  期初欠费: {
    header: ["合同编号", "收费项目", "账期开始", "账期结束", "欠费金额"],
    rows: [
      {
        合同编号: "HT-1",
        收费项目: "租金",
        账期开始: "2025-12-01",
        账期结束: "2025-12-31",
        欠费金额: "5000",
      },
    ],
  },
  押金: {
    header: ["合同编号", "押金金额", "收款日期"],
    rows: [{ 合同编号: "HT-1", 押金金额: "10000" }],
  },
  预交款: {
    header: ["客户证件号码", "客户名称", "合同编号", "预交金额(元)"],
    rows: [{ 客户证件号码: ids.zhang, 合同编号: "HT-1", "预交金额(元)": "100" }],
  },
};

const existing: ExistingSite = {
  units: [
    { id: "unt_b1", code: "B-1", status: "leased" },
    { id: "unt_b2", code: "B-2", status: "vacant" },
  ],
  customers: [{ id: "cus_w", name: "王五", idNumber: ids.wang }],
  // 王五 again (found by both); a name the workbook's customers also have; one two share.
  customersByName: [
    { id: "cus_w", name: "王五" },
    { id: "cus_abc", name: "ＡＢＣ商贸" },
    { id: "cus_m", name: "某某公司" },
    { id: "cus_l1", name: "李雷" },
    { id: "cus_l2", name: "李雷" },
  ],
  leases: [{ id: "lea_x", reference: "HT-X", customerId: "cus_w" }],
  feeCodes: [
    "rent",
    "management",
    "parking",
    "water",
    "electricity",
    "deposit",
    "late_fee",
    "penalty",
    "other",
  ],
};

const csvLine = (cells: string[]) => cells.map((c) => `"${c.replaceAll('"', '""')}"`).join(",");

function files(extra: Record<string, Rows>, drop: Record<string, string> = {}): CsvFile[] {
  return Object.entries(base).map(([name, { header, rows }]) => {
    const columns = header.filter((h) => drop[name] !== h);
    const all = [...rows, ...(extra[name] ?? [])];
    const content = [columns, ...all.map((row) => columns.map((h) => row[h] ?? ""))]
      .map(csvLine)
      .join("\r\n");
    return { name: `${name}.csv`, content };
  });
}

/** [sheet, row, column, value, English message] of every error. */
function errorsOf(
  list: CsvFile[],
): [string | null, number | null, string | null, string, string][] {
  const result = validateWorkbook(parseCsvFiles(list), {
    siteKey: "sit_1",
    asOf: "2026-01-01",
    existing,
  });
  if (result.ok) return [];
  for (const error of result.errors) expect(error.message.zh).not.toBe("");
  return result.errors.map((e) => [e.sheet, e.row, e.column, e.value, e.message.en]);
}

const lease = (fields: Record<string, string>) => ({
  客户证件号码: ids.zhang,
  单元编码: "A-102",
  开始日期: "2026-01-01",
  结束日期: "2026-12-31",
  付款周期: "月付",
  计租方式: "每期固定金额",
  "租金(元)": "5000",
  ...fields,
});

const unbornId = (() => {
  const first17 = "11010520270101001";
  return first17 + residentIdCheckChar(first17);
})();

describe("validateWorkbook: the base workbook", () => {
  it("is valid", () => {
    expect(errorsOf(files({}))).toEqual([]);
  });
});

describe("validateWorkbook: every error kind, named by sheet, row, column and value", () => {
  it.each<[string, Record<string, Rows>, ReturnType<typeof errorsOf>]>([
    // units
    [
      "a unit code twice (case and width aside)",
      { 单元: [{ 单元编码: "ａ-101", 单元类型: "住宅", "建筑面积(㎡)": "10" }] },
      [["单元.csv", 5, "单元编码", "a-101", "repeats the unit code of row 2"]],
    ],
    [
      "a unit code the site has",
      { 单元: [{ 单元编码: "B-2", 单元类型: "住宅", "建筑面积(㎡)": "10" }] },
      [["单元.csv", 5, "单元编码", "B-2", "is already a unit of the site"]],
    ],
    [
      "a unit code with a space",
      { 单元: [{ 单元编码: "A 9", 单元类型: "住宅", "建筑面积(㎡)": "10" }] },
      [["单元.csv", 5, "单元编码", "A 9", "must be 1–40 letters, digits, '.', '_', '/' or '-'"]],
    ],
    [
      "a required cell left blank",
      { 单元: [{ 单元编码: "A-9", "建筑面积(㎡)": "10" }] },
      [["单元.csv", 5, "单元类型", "", "is required"]],
    ],
    [
      "a kind not in the list",
      { 单元: [{ 单元编码: "A-9", 单元类型: "城堡", "建筑面积(㎡)": "10" }] },
      [
        [
          "单元.csv",
          5,
          "单元类型",
          "城堡",
          "must be one of: Apartment, High-rise flat, Villa, Office, Shop, Warehouse, Serviced apartment, Surface parking space, Underground parking space, Garage, Storage, Equipment",
        ],
      ],
    ],
    [
      "usable area above gross",
      { 单元: [{ 单元编码: "A-9", 单元类型: "住宅", "建筑面积(㎡)": "50", "使用面积(㎡)": "60" }] },
      [["单元.csv", 5, "使用面积(㎡)", "60", "must not exceed the gross area"]],
    ],
    [
      "a zero area",
      { 单元: [{ 单元编码: "A-9", 单元类型: "住宅", "建筑面积(㎡)": "0" }] },
      [["单元.csv", 5, "建筑面积(㎡)", "0", "must be above 0 with at most 9 whole digits"]],
    ],
    [
      "an area with three decimals",
      { 单元: [{ 单元编码: "A-9", 单元类型: "住宅", "建筑面积(㎡)": "50.555" }] },
      [["单元.csv", 5, "建筑面积(㎡)", "50.555", "must have at most 2 decimals"]],
    ],
    [
      "a unit marked leased that no lease lets",
      { 单元: [{ 单元编码: "A-9", 单元类型: "住宅", "建筑面积(㎡)": "50", 状态: "已出租" }] },
      [
        [
          "单元.csv",
          5,
          "状态",
          "已出租",
          "says leased, but no lease of the Leases sheet lets the unit",
        ],
      ],
    ],
    [
      "a unit marked leased whose lease starts after the go-live date",
      {
        单元: [{ 单元编码: "A-9", 单元类型: "住宅", "建筑面积(㎡)": "50", 状态: "已出租" }],
        合同: [lease({ 合同编号: "HT-2", 单元编码: "A-9", 开始日期: "2026-02-01" })],
      },
      [
        [
          "单元.csv",
          5,
          "状态",
          "已出租",
          "says leased, but the leases of the Leases sheet letting the unit start after the go-live date (2026-01-01): it is vacant or reserved until then",
        ],
      ],
    ],
    [
      "a unit marked reserved that a lease lets on the go-live date",
      {
        单元: [{ 单元编码: "A-9", 单元类型: "住宅", "建筑面积(㎡)": "50", 状态: "预留" }],
        合同: [lease({ 合同编号: "HT-2", 单元编码: "A-9" })],
      },
      [
        [
          "单元.csv",
          5,
          "状态",
          "预留",
          "says reserved, but a lease of the Leases sheet lets the unit on the go-live date (2026-01-01): it is leased",
        ],
      ],
    ],
    [
      "an inactive unit of the workbook a lease lets (from after the go-live date too)",
      {
        单元: [{ 单元编码: "I-1", 单元类型: "住宅", "建筑面积(㎡)": "50", 状态: "停用" }],
        合同: [lease({ 合同编号: "HT-2", 单元编码: "I-1", 开始日期: "2026-03-01" })],
      },
      [
        [
          "合同.csv",
          3,
          "单元编码",
          "I-1",
          "unit I-1 is under maintenance or inactive: make it vacant first",
        ],
      ],
    ],
    // customers
    [
      "a resident ID with a wrong check digit",
      {
        客户: [
          {
            客户名称: "李四",
            客户类型: "个人",
            证件类型: "身份证",
            证件号码: "110101199003074478",
          },
        ],
      },
      [["客户.csv", 4, "证件号码", "110101199003074478", "has a wrong check digit"]],
    ],
    [
      "a resident ID born after the go-live date",
      { 客户: [{ 客户名称: "李四", 客户类型: "个人", 证件类型: "身份证", 证件号码: unbornId }] },
      [["客户.csv", 4, "证件号码", unbornId, "has no valid birth date"]],
    ],
    [
      "a credit code with a wrong check character",
      {
        客户: [
          {
            客户名称: "乙公司",
            客户类型: "企业",
            证件类型: "统一社会信用代码",
            证件号码: "91110000600037341M",
          },
        ],
      },
      [["客户.csv", 4, "证件号码", "91110000600037341M", "has a wrong check character"]],
    ],
    [
      "a document type the kind cannot hold",
      { 客户: [{ 客户名称: "乙公司", 客户类型: "企业", 证件类型: "身份证", 证件号码: ids.li }] },
      [
        [
          "客户.csv",
          4,
          "证件类型",
          "身份证",
          "must be Unified social credit code, Other for a company",
        ],
      ],
    ],
    [
      "an ID number twice (spaces and case aside)",
      {
        客户: [
          {
            客户名称: "张三丰",
            客户类型: "个人",
            证件类型: "身份证",
            证件号码: "110105 19491231 002x",
          },
        ],
      },
      [["客户.csv", 4, "证件号码", "110105 19491231 002x", "repeats the ID number of row 2"]],
    ],
    [
      "an ID number the site has",
      { 客户: [{ 客户名称: "王五", 客户类型: "个人", 证件类型: "身份证", 证件号码: ids.wang }] },
      [["客户.csv", 4, "证件号码", ids.wang, "is already registered at the site"]],
    ],
    [
      "a phone number and an e-mail address that are not",
      {
        客户: [
          {
            客户名称: "李四",
            客户类型: "个人",
            证件类型: "身份证",
            证件号码: ids.li,
            联系电话: "13800138000; 12345",
            电子邮箱: "li@example",
          },
        ],
      },
      [
        [
          "客户.csv",
          4,
          "联系电话",
          "13800138000; 12345",
          '"12345" must be 6–20 digits with an optional leading +',
        ],
        [
          "客户.csv",
          4,
          "电子邮箱",
          "li@example",
          "must be an e-mail address such as name@example.com",
        ],
      ],
    ],
    // leases
    [
      "a lease reference twice",
      { 合同: [lease({ 合同编号: "ht-1" })] },
      [["合同.csv", 3, "合同编号", "ht-1", "repeats the lease reference of row 2"]],
    ],
    [
      "a lease reference the site has",
      { 合同: [lease({ 合同编号: "HT-X" })] },
      [["合同.csv", 3, "合同编号", "HT-X", "is already a lease of the site"]],
    ],
    [
      "a customer that is nowhere",
      { 合同: [lease({ 合同编号: "HT-2", 客户证件号码: ids.li })] },
      [
        [
          "合同.csv",
          3,
          "客户证件号码",
          ids.li,
          "is neither a customer of the Customers sheet nor of the site",
        ],
      ],
    ],
    [
      "a customer name two customers have",
      {
        客户: [{ 客户名称: "张三", 客户类型: "个人", 证件类型: "身份证", 证件号码: ids.li }],
        合同: [lease({ 合同编号: "HT-2", 客户证件号码: "", 客户名称: "张三" })],
      },
      [
        [
          "合同.csv",
          3,
          "客户名称",
          "张三",
          "names several customers: give the customer's ID number",
        ],
      ],
    ],
    [
      "a customer name a customer of the workbook and one of the site have",
      { 合同: [lease({ 合同编号: "HT-2", 客户证件号码: "", 客户名称: "某某公司" })] },
      [
        [
          "合同.csv",
          3,
          "客户名称",
          "某某公司",
          "names several customers: give the customer's ID number",
        ],
      ],
    ],
    [
      "a customer name two customers of the site have",
      { 预交款: [{ 客户名称: "李雷", "预交金额(元)": "5" }] },
      [
        [
          "预交款.csv",
          3,
          "客户名称",
          "李雷",
          "names several customers: give the customer's ID number",
        ],
      ],
    ],
    [
      "a customer name no customer has",
      { 合同: [lease({ 合同编号: "HT-2", 客户证件号码: "", 客户名称: "韩梅梅" })] },
      [
        [
          "合同.csv",
          3,
          "客户名称",
          "韩梅梅",
          "is neither a customer of the Customers sheet nor of the site",
        ],
      ],
    ],
    [
      "an ID number and a name of different customers",
      { 合同: [lease({ 合同编号: "HT-2", 客户名称: "某某公司" })] },
      [
        [
          "合同.csv",
          3,
          "客户名称",
          "某某公司",
          'differs from the name of the customer with that ID number ("张三")',
        ],
      ],
    ],
    [
      "neither the customer's ID number nor name",
      { 合同: [lease({ 合同编号: "HT-2", 客户证件号码: "" })] },
      [["合同.csv", 3, "客户证件号码", "", "is required (or the customer name)"]],
    ],
    [
      "a unit that is nowhere",
      { 合同: [lease({ 合同编号: "HT-2", 单元编码: "A-102, Z-9" })] },
      [
        [
          "合同.csv",
          3,
          "单元编码",
          "A-102, Z-9",
          "unit Z-9 is neither on the Units sheet nor at the site",
        ],
      ],
    ],
    [
      "a unit the site has leased",
      { 合同: [lease({ 合同编号: "HT-2", 单元编码: "B-1" })] },
      [["合同.csv", 3, "单元编码", "B-1", "unit B-1 is already leased at the site"]],
    ],
    [
      "a unit under maintenance",
      { 合同: [lease({ 合同编号: "HT-2", 单元编码: "M-1" })] },
      [
        [
          "合同.csv",
          3,
          "单元编码",
          "M-1",
          "unit M-1 is under maintenance or inactive: make it vacant first",
        ],
      ],
    ],
    [
      "a unit named twice by a lease",
      { 合同: [lease({ 合同编号: "HT-2", 单元编码: "A-102、a-102" })] },
      [["合同.csv", 3, "单元编码", "A-102、a-102", "names unit a-102 twice"]],
    ],
    [
      "a unit let by two leases on overlapping dates (not by one starting after)",
      {
        合同: [
          lease({
            合同编号: "HT-2",
            单元编码: "A-101",
            开始日期: "2026-06-01",
            结束日期: "2027-05-31",
          }),
          lease({
            合同编号: "HT-3",
            单元编码: "A-102",
            开始日期: "2026-01-01",
            结束日期: "2026-06-30",
          }),
          lease({
            合同编号: "HT-4",
            单元编码: "A-102",
            开始日期: "2026-07-01",
            结束日期: "2026-12-31",
          }),
        ],
      },
      [
        [
          "合同.csv",
          3,
          "单元编码",
          "A-101",
          "unit A-101 is let by lease HT-1 of row 2 from 2026-01-01 to 2026-12-31: the dates overlap",
        ],
      ],
    ],
    [
      "an end before the start",
      { 合同: [lease({ 合同编号: "HT-2", 开始日期: "2026-06-01", 结束日期: "2026-05-31" })] },
      [
        [
          "合同.csv",
          3,
          "结束日期",
          "2026-05-31",
          "must be on or after the start date (2026-06-01)",
        ],
      ],
    ],
    [
      "a lease that ended before go-live",
      { 合同: [lease({ 合同编号: "HT-2", 开始日期: "2025-01-01", 结束日期: "2025-12-31" })] },
      [
        [
          "合同.csv",
          3,
          "结束日期",
          "2025-12-31",
          "is before the go-live date (2026-01-01): only active leases are imported",
        ],
      ],
    ],
    [
      "a term over 20 years",
      { 合同: [lease({ 合同编号: "HT-2", 结束日期: "2046-01-01" })] },
      [
        [
          "合同.csv",
          3,
          "结束日期",
          "2046-01-01",
          "must be at most 20 years after the start, by 2045-12-31 (PRC Civil Code art. 705)",
        ],
      ],
    ],
    [
      "a date before 2000",
      { 合同: [lease({ 合同编号: "HT-2", 开始日期: "1999/12/31" })] },
      [["合同.csv", 3, "开始日期", "1999/12/31", "must be a date from 2000-01-01 to 2099-12-31"]],
    ],
    [
      "a rent per m² whose area is unknown",
      { 合同: [lease({ 合同编号: "HT-2", 单元编码: "B-2", 计租方式: "按面积单价" })] },
      [
        [
          "合同.csv",
          3,
          "计租面积(㎡)",
          "",
          "is required for a rent per m² (the units' area is not known)",
        ],
      ],
    ],
    [
      "an escalation above 50 %",
      { 合同: [lease({ 合同编号: "HT-2", 年递增率: "60%" })] },
      [["合同.csv", 3, "年递增率", "60%", "must be from 0% to 50%"]],
    ],
    [
      "a rent step before the start",
      { 合同: [lease({ 合同编号: "HT-2", 阶梯租金: "2025-06-01=6000" })] },
      [
        [
          "合同.csv",
          3,
          "阶梯租金",
          "2025-06-01=6000",
          "2025-06-01 must be after the lease start (2026-01-01)",
        ],
      ],
    ],
    [
      "overlapping rent-free periods",
      {
        合同: [lease({ 合同编号: "HT-2", 免租期: "2026-01-01~2026-01-31;2026-01-15~2026-02-15" })],
      },
      [
        [
          "合同.csv",
          3,
          "免租期",
          "2026-01-01~2026-01-31;2026-01-15~2026-02-15",
          "2026-01-15~2026-02-15 overlaps 2026-01-01~2026-01-31",
        ],
      ],
    ],
    [
      "a fee code not in the catalogue, a fee without its basis",
      { 合同: [lease({ 合同编号: "HT-2", 费用1编码: "cleaning", 费用1金额: "10" })] },
      [
        ["合同.csv", 3, "费用1方式", "", "is required"],
        ["合同.csv", 3, "费用1编码", "cleaning", "is not a fee item of the catalogue"],
      ],
    ],
    [
      "a daily late fee without a cap",
      { 合同: [lease({ 合同编号: "HT-2", 滞纳金日费率: "0.05%" })] },
      [["合同.csv", 3, "滞纳金上限", "", "is required with a daily late-fee rate"]],
    ],
    [
      "a penalty of 30 months",
      { 合同: [lease({ 合同编号: "HT-2", 违约金月数: "30" })] },
      [["合同.csv", 3, "违约金月数", "30", "must be a whole number from 1 to 24"]],
    ],
    [
      "a rent with three decimals",
      { 合同: [lease({ 合同编号: "HT-2", "租金(元)": "¥5,000.123" })] },
      [["合同.csv", 3, "租金(元)", "¥5,000.123", "must have at most 2 decimals"]],
    ],
    // opening balances
    [
      "arrears of a lease that is nowhere",
      {
        期初欠费: [
          {
            合同编号: "HT-9",
            收费项目: "租金",
            账期开始: "2025-11-01",
            账期结束: "2025-11-30",
            欠费金额: "1",
          },
        ],
      },
      [
        [
          "期初欠费.csv",
          3,
          "合同编号",
          "HT-9",
          "is neither a lease of the Leases sheet nor of the site",
        ],
      ],
    ],
    [
      "arrears of a period after go-live, ending before it starts",
      {
        期初欠费: [
          {
            合同编号: "HT-1",
            收费项目: "租金",
            账期开始: "2026-02-01",
            账期结束: "2026-01-31",
            欠费金额: "1",
          },
        ],
      },
      [
        [
          "期初欠费.csv",
          3,
          "账期结束",
          "2026-01-31",
          "must be on or after the period start (2026-02-01)",
        ],
        [
          "期初欠费.csv",
          3,
          "账期开始",
          "2026-02-01",
          "is after the go-live date (2026-01-01): later periods are billed by billing runs",
        ],
      ],
    ],
    [
      "arrears twice for one lease, fee item and period",
      {
        期初欠费: [
          {
            合同编号: "ht-1",
            收费项目: "rent",
            账期开始: "2025/12/1",
            账期结束: "2025-12-31",
            欠费金额: "1",
          },
        ],
      },
      [
        [
          "期初欠费.csv",
          3,
          "账期开始",
          "2025/12/1",
          "repeats the lease, fee item and period of row 2",
        ],
      ],
    ],
    [
      "arrears of zero, of a fee item not in the catalogue",
      {
        期初欠费: [
          {
            合同编号: "HT-X",
            收费项目: "cleaning",
            账期开始: "2025-11-01",
            账期结束: "2025-11-30",
            欠费金额: "0",
          },
        ],
      },
      [
        ["期初欠费.csv", 3, "收费项目", "cleaning", "is not a fee item of the catalogue"],
        ["期初欠费.csv", 3, "欠费金额", "0", "must be an amount above 0, at most 1,000,000,000"],
      ],
    ],
    [
      "a deposit above the amount limit, received after go-live",
      { 押金: [{ 合同编号: "HT-1", 押金金额: "1,000,000,000.01", 收款日期: "2026-01-02" }] },
      [
        [
          "押金.csv",
          3,
          "收款日期",
          "2026-01-02",
          "must not be after the go-live date (2026-01-01)",
        ],
        [
          "押金.csv",
          3,
          "押金金额",
          "1,000,000,000.01",
          "must be an amount above 0, at most 1,000,000,000",
        ],
      ],
    ],
    [
      "a prepayment for another customer's lease",
      { 预交款: [{ 客户证件号码: ids.wang, 合同编号: "HT-1", "预交金额(元)": "5" }] },
      [["预交款.csv", 3, "合同编号", "HT-1", "is a lease of another customer"]],
    ],
    [
      "a prepayment of nobody",
      { 预交款: [{ "预交金额(元)": "5" }] },
      [["预交款.csv", 3, "客户证件号码", "", "is required (or the customer name)"]],
    ],
  ])("%s", (_, extra, expected) => {
    expect(errorsOf(files(extra))).toEqual(expected);
  });

  it("takes a reserved unit let from after the go-live date, and units of every status unlet", () => {
    const result = validateWorkbook(
      parseCsvFiles(
        files({
          单元: [
            { 单元编码: "R-1", 单元类型: "住宅", "建筑面积(㎡)": "50", 状态: "预留" },
            { 单元编码: "R-2", 单元类型: "住宅", "建筑面积(㎡)": "50", 状态: "预留" },
            { 单元编码: "I-1", 单元类型: "住宅", "建筑面积(㎡)": "50", 状态: "停用" },
          ],
          合同: [lease({ 合同编号: "HT-2", 单元编码: "R-1", 开始日期: "2026-02-01" })],
        }),
      ),
      { siteKey: "sit_1", asOf: "2026-01-01", existing },
    );
    expect(result.ok && result.plan.units.map((u) => [u.code, u.status])).toEqual([
      ["A-101", "vacant"],
      ["A-102", "vacant"],
      ["M-1", "maintenance"],
      ["R-1", "reserved"],
      ["R-2", "reserved"],
      ["I-1", "inactive"],
    ]);
  });

  it("takes a customer of the site named by name alone, as by ID number", () => {
    const result = validateWorkbook(
      parseCsvFiles(
        files({
          合同: [lease({ 合同编号: "HT-2", 客户证件号码: "", 客户名称: " abc商贸 " })],
          预交款: [{ 客户名称: "王五", "预交金额(元)": "5" }],
        }),
      ),
      { siteKey: "sit_1", asOf: "2026-01-01", existing },
    );
    expect(result.ok && result.plan.leases.map((l) => [l.reference, l.customer])).toEqual([
      ["HT-1", expect.objectContaining({ in: "workbook" })],
      ["HT-2", { in: "site", customerId: "cus_abc" }],
    ]);
    expect(result.ok && result.plan.prepayments.map((p) => p.customer)).toEqual([
      expect.objectContaining({ in: "workbook" }),
      { in: "site", customerId: "cus_w" },
    ]);
  });

  it("names a missing required column once, not on every row", () => {
    expect(errorsOf(files({ 合同: [lease({ 合同编号: "HT-2" })] }, { 合同: "付款周期" }))).toEqual([
      ["合同.csv", 1, "付款周期", "", 'lacks the required column "Billing frequency"'],
    ]);
  });

  it("names a workbook with no sheet it knows", () => {
    expect(errorsOf([{ name: "foo.csv", content: "a,b\n1,2" }])).toEqual([
      [
        null,
        null,
        null,
        "foo.csv",
        "has no sheet it knows; sheets must be named Units, Customers, Leases, Opening arrears, Deposits, Prepayments",
      ],
    ]);
  });

  it("reports every error of a workbook, not the first", () => {
    const all = errorsOf(
      files({
        单元: [{ 单元编码: "A-101", 单元类型: "住宅", "建筑面积(㎡)": "1" }],
        客户: [{ 客户名称: "李四", 客户类型: "个人", 证件类型: "身份证", 证件号码: "1" }],
        押金: [{ 合同编号: "HT-9", 押金金额: "1" }],
      }),
    );
    expect(all.map(([sheet, row, column]) => `${sheet}:${row}:${column}`)).toEqual([
      "单元.csv:5:单元编码",
      "客户.csv:4:证件号码",
      "押金.csv:3:合同编号",
    ]);
  });
});
