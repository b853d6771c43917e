import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { parseWorkbook } from "../src/domain/parse.ts";
import type { ExistingSite, ImportPlan } from "../src/domain/plan.ts";
import { sheetKeys, sheetSpecs } from "../src/domain/sheets.ts";
import { buildTemplate } from "../src/domain/template.ts";
import { validateWorkbook } from "../src/domain/validate.ts";
import { fillTemplate, ids, type RowValues } from "./support.ts";

// The template downloaded, filled in with exceljs as a clerk would (typed numbers, text with ¥
// and separators, date cells, labels from the drop-downs), uploaded, parsed and validated into
// the plan the commit will send to each service.

const asOf = "2026-01-01";
const date = (text: string) => new Date(`${text}T00:00:00Z`);

const existing: ExistingSite = {
  units: [{ id: "unt_b201", code: "B-201", status: "vacant" }],
  customers: [{ id: "cus_wang", name: "王五", idNumber: ids.wang }],
  leases: [{ id: "lea_old", reference: "HT-EXIST", customerId: "cus_wang" }],
};

const zhRows: Record<string, RowValues[]> = {
  units: [
    {
      code: "A-101",
      name: "A栋101",
      building: "A栋",
      floor: 1,
      kind: "住宅",
      grossArea: 85.5,
      usableArea: 70,
      listRent: 6500,
      status: "已出租",
    },
    { code: "A-102", kind: "住宅", grossArea: "90.25", listRent: "¥7,000" },
    { code: "S-01", kind: "商铺", grossArea: "120㎡", listRent: 12000.5 },
    { code: "P-001", kind: "地下车位", grossArea: 12.5, listRent: 300, status: "空置" },
  ],
  customers: [
    {
      name: "张三",
      kind: "个人",
      idType: "居民身份证",
      idNumber: ids.zhang,
      phones: "138 0013 8000, 139-0013-9000",
      email: "zhangsan@example.com",
      consentSms: "是",
    },
    {
      name: "某某科技有限公司",
      kind: "企业",
      idType: "统一社会信用代码",
      idNumber: ids.acme,
      phones: "010-12345678",
    },
    { name: "李四", kind: "个人", idType: "身份证", idNumber: ids.li },
  ],
  leases: [
    {
      reference: "HT-001",
      customerIdNumber: ids.zhang,
      unitCodes: "A-101",
      startDate: date("2025-07-01"),
      endDate: date("2027-06-30"),
      frequency: "月付",
      rentBasis: "每期固定金额",
      rent: 6500,
      escalation: "按比例递增",
      escalationRate: 0.05,
      dueDay: 5,
      deposit: 13000,
      fee1Code: "management",
      fee1Basis: "按面积单价",
      fee1Amount: 3.5,
      lateFeeDailyRate: 0.0005,
      lateFeeCap: 0.2,
      penaltyKind: "按月租金",
      penaltyMonths: 2,
    },
    {
      reference: "HT-002",
      customerName: "某某科技有限公司",
      unitCodes: "S-01, P-001",
      startDate: "2026/1/1",
      endDate: "2030年12月31日",
      frequency: "季付",
      rentBasis: "按面积单价",
      rent: 100,
      escalation: "阶梯租金",
      escalationSteps: "2027-01-01=110; 2028-01-01=120",
      rentFree: "2026-01-01~2026-01-31",
      alignment: "按自然月",
      billLeadDays: "15",
      dueDay: "１",
      fee1Code: "parking",
      fee1Basis: "每期固定金额",
      fee1Amount: 300,
      fee1Frequency: "月付",
      fee3Code: "cleaning",
      fee3Basis: "按面积单价",
      fee3Amount: "5",
      fee3Area: 120,
    },
    {
      reference: "HT-003",
      customerIdNumber: ids.wang,
      unitCodes: "B-201",
      startDate: date("2026-01-01"),
      endDate: date("2026-12-31"),
      frequency: "月付",
      rentBasis: "每期固定金额",
      rent: "3,000.00",
    },
  ],
  arrears: [
    {
      leaseReference: "HT-001",
      feeCode: "租金",
      periodStart: date("2025-12-01"),
      periodEnd: date("2025-12-31"),
      dueDate: date("2025-12-05"),
      amount: 6500,
    },
    {
      leaseReference: "HT-001",
      feeCode: "物业管理费",
      periodStart: "2025-12-01",
      periodEnd: "2025-12-31",
      amount: "299.25",
    },
    {
      leaseReference: "HT-EXIST",
      feeCode: "water",
      periodStart: "2025.11.1",
      periodEnd: "2025.11.30",
      amount: "¥120.50",
    },
  ],
  deposits: [
    {
      leaseReference: "HT-001",
      amount: 13000,
      receivedDate: date("2025-06-28"),
      method: "银行转账",
      reference: "SJ-1",
    },
    { leaseReference: "HT-002", amount: "39,750.00" },
  ],
  prepayments: [
    { customerIdNumber: ids.li, amount: 500 },
    { customerName: "张三", leaseReference: "HT-001", amount: 200.5, receivedDate: "2025-12-20" },
  ],
};

async function planOf(buffer: Buffer, siteKey = "sit_1"): Promise<ImportPlan> {
  const result = validateWorkbook(await parseWorkbook(buffer), { siteKey, asOf, existing });
  if (!result.ok) throw new Error(JSON.stringify(result.errors, null, 2));
  return result.plan;
}

describe("template → filled in → parsed → validated", () => {
  it("has every sheet, the instructions, drop-downs and an example row", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await buildTemplate()) as never);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      "说明",
      "单元",
      "客户",
      "合同",
      "期初欠费",
      "押金",
      "预交款",
      "选项",
    ]);
    const units = workbook.getWorksheet("单元")!;
    expect(units.getCell("A1").value).toBe("单元编码*");
    expect(units.getCell("A2").value).toBe("A-101");
    expect(units.getColumn(1).width).toBeGreaterThanOrEqual(14);
    const kind = units.getCell("E2").dataValidation;
    expect(kind?.type).toBe("list");
    expect(kind?.formulae?.[0]).toMatch(/^'选项'!\$([A-Z]+)\$1:\$\1\$12$/);
    const en = new ExcelJS.Workbook();
    await en.xlsx.load((await buildTemplate({ lang: "en" })) as never);
    expect(en.worksheets.map((s) => s.name)).toEqual([
      "Instructions",
      ...sheetKeys.map((k) => sheetSpecs[k].en),
      "Lists",
    ]);
    expect(en.getWorksheet("Leases")!.getCell("A1").value).toBe("Lease reference*");
  });

  it("reads nothing from an untouched template: the example rows are skipped", async () => {
    const parsed = await parseWorkbook(await buildTemplate());
    expect(parsed.errors).toEqual([]);
    for (const key of sheetKeys) expect(parsed.sheets[key]?.rows).toEqual([]);
  });

  it("plans every row with its sheet, row, references and key, and the sheet's totals", async () => {
    const plan = await planOf(await fillTemplate(zhRows));
    expect(
      plan.units.map((u) => [
        u.row,
        u.code,
        u.grossAreaHundredths,
        u.usableAreaHundredths,
        u.listRentMonthlyMinor,
        u.status,
      ]),
    ).toEqual([
      [3, "A-101", 8550, 7000, 650000, "leased"],
      [4, "A-102", 9025, 9025, 700000, "vacant"],
      [5, "S-01", 12000, 12000, 1200050, "vacant"],
      [6, "P-001", 1250, 1250, 30000, "vacant"],
    ]);
    expect(plan.units[1]!.name).toBe("A-102"); // blank name: the code
    expect(
      plan.customers.map((c) => [c.row, c.kind, c.idDocumentType, c.idNumber, c.phones]),
    ).toEqual([
      [3, "person", "resident_id", ids.zhang, ["13800138000", "13900139000"]],
      [4, "company", "unified_social_credit_code", ids.acme, ["01012345678"]],
      [5, "person", "resident_id", ids.li, []],
    ]);
    expect(plan.customers[0]!.consentSms).toBe(true);

    const [ht1, ht2, ht3] = plan.leases;
    expect(ht1!.customer).toEqual({
      in: "workbook",
      key: plan.customers[0]!.key,
      idNumber: ids.zhang,
    });
    expect(ht1!.units).toEqual([{ in: "workbook", key: plan.units[0]!.key, code: "A-101" }]);
    expect(ht1!.terms).toEqual({
      currency: "CNY",
      frequency: "monthly",
      alignment: "lease_start",
      rent: { kind: "per_period", amountMinor: 650000 },
      escalation: { kind: "fixed_percent", basisPoints: 500 },
      rentFree: [],
      billLeadDays: 0,
      dueDay: 5,
      depositMinor: 1300000,
      fees: [
        { feeCode: "management", basis: "per_m2_month", amountMinor: 350, areaHundredths: 8550 },
      ],
      lateFee: { graceDays: 0, dailyBasisPoints: 5, capBasisPoints: 2000 },
      penalty: { kind: "months_of_rent", months: 2 },
    });
    expect(ht2!.customer).toEqual({
      in: "workbook",
      key: plan.customers[1]!.key,
      idNumber: ids.acme,
    });
    expect(ht2!.units.map((u) => u.code)).toEqual(["S-01", "P-001"]);
    expect([ht2!.startDate, ht2!.endDate]).toEqual(["2026-01-01", "2030-12-31"]);
    expect(ht2!.terms).toMatchObject({
      frequency: "quarterly",
      alignment: "calendar",
      rent: { kind: "per_m2_month", rateMinorPerM2: 10000, areaHundredths: 13250 },
      escalation: {
        kind: "stepped",
        steps: [
          { from: "2027-01-01", value: 11000 },
          { from: "2028-01-01", value: 12000 },
        ],
      },
      rentFree: [{ from: "2026-01-01", to: "2026-01-31" }],
      billLeadDays: 15,
      dueDay: 1,
      fees: [
        { feeCode: "parking", basis: "per_period", amountMinor: 30000, frequency: "monthly" },
        { feeCode: "cleaning", basis: "per_m2_month", amountMinor: 500, areaHundredths: 12000 },
      ],
    });
    expect(ht3!.customer).toEqual({ in: "site", customerId: "cus_wang" });
    expect(ht3!.units).toEqual([{ in: "site", unitId: "unt_b201", code: "B-201" }]);

    expect(
      plan.arrears.map((a) => [
        a.row,
        a.feeCode,
        a.periodStart,
        a.periodEnd,
        a.dueDate,
        a.amountMinor,
      ]),
    ).toEqual([
      [3, "rent", "2025-12-01", "2025-12-31", "2025-12-05", 650000],
      [4, "management", "2025-12-01", "2025-12-31", "2025-12-01", 29925],
      [5, "water", "2025-11-01", "2025-11-30", "2025-11-01", 12050],
    ]);
    expect(plan.arrears[2]!.lease).toEqual({
      in: "site",
      leaseId: "lea_old",
      reference: "HT-EXIST",
    });
    expect(plan.arrears[2]!.customer).toEqual({ in: "site", customerId: "cus_wang" });
    expect(
      plan.deposits.map((d) => [d.amountMinor, d.receivedDate, d.method, d.reference]),
    ).toEqual([
      [1300000, "2025-06-28", "bank_transfer", "SJ-1"],
      [3975000, asOf, "other", ""],
    ]);
    expect(plan.deposits[1]!.customer).toEqual(ht2!.customer);
    expect(plan.prepayments.map((p) => [p.customer, p.lease, p.amountMinor])).toEqual([
      [{ in: "workbook", key: plan.customers[2]!.key, idNumber: ids.li }, null, 50000],
      [ht1!.customer, { in: "workbook", key: ht1!.key, reference: "HT-001" }, 20050],
    ]);

    expect(plan.totals).toEqual({
      units: { count: 4, grossAreaHundredths: 30825, usableAreaHundredths: 29275 },
      customers: { count: 3 },
      // 6,500 + 100 × 132.50 m² + 3,000 a month
      leases: { count: 3, monthlyRentRollMinor: 650000 + 1325000 + 300000 },
      arrears: {
        count: 3,
        totalMinor: 691975,
        byFeeCode: { rent: 650000, management: 29925, water: 12050 },
      },
      deposits: { count: 2, heldMinor: 5275000 },
      prepayments: { count: 2, totalMinor: 70050 },
    });
    const keys = [
      plan.units,
      plan.customers,
      plan.leases,
      plan.arrears,
      plan.deposits,
      plan.prepayments,
    ]
      .flat()
      .map((r) => r.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.every((key) => /^onb_[a-z]+_[0-9a-f]{32}$/.test(key))).toBe(true);
    expect(JSON.stringify(keys)).not.toContain(ids.zhang.slice(0, 10)); // no ID number in a key
  });

  it("gives the same plan from the English template, and stable keys per site", async () => {
    const english: Record<string, RowValues[]> = JSON.parse(JSON.stringify(zhRows), (_, v) =>
      typeof v === "string" && /^\d{4}-\d{2}-\d{2}T/.test(v) ? new Date(v) : v,
    );
    const labels: Record<string, string> = {
      住宅: "Apartment",
      商铺: "Shop",
      地下车位: "Underground parking space",
      已出租: "Leased",
      空置: "Vacant",
      个人: "Person",
      企业: "Company",
      居民身份证: "Resident ID card",
      身份证: "ID card",
      统一社会信用代码: "Unified social credit code",
      是: "Yes",
      月付: "Monthly",
      季付: "Quarterly",
      每期固定金额: "Per period",
      按面积单价: "Per m² per month",
      按比例递增: "Fixed % per year",
      阶梯租金: "Stepped",
      按月租金: "Months of rent",
      按自然月: "Calendar",
      银行转账: "Bank transfer",
    };
    for (const rows of Object.values(english)) {
      for (const row of rows) {
        for (const [k, v] of Object.entries(row))
          if (typeof v === "string" && labels[v]) row[k] = labels[v];
      }
    }
    const zh = await planOf(await fillTemplate(zhRows));
    const en = await planOf(await fillTemplate(english, "en"));
    expect(en).toEqual(zh);
    const elsewhere = await planOf(await fillTemplate(zhRows), "sit_2");
    expect(elsewhere.units[0]!.key).not.toBe(zh.units[0]!.key);
    expect({ ...elsewhere, siteKey: "sit_1" }).not.toEqual(zh);
  });
});
