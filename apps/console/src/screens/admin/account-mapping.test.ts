import { describe, expect, it } from "vitest";
import {
  accountCodeProblem,
  accountNameProblem,
  type FeeItem,
  feeAccounts,
  feeCodeProblem,
  feeItemName,
  isRepeated,
  type Mapping,
  methodAccounts,
  methodProblem,
  toFormValues,
  toRequestBody,
} from "./account-mapping";

const mapping: Mapping = {
  receivables: { code: "1122", name: "应收账款" },
  prepayments: { code: "2203", name: "预收账款" },
  deposits: { code: "2241.01", name: "其他应付款—押金" },
  revenue: { code: "6001", name: "主营业务收入" },
  revenueByFee: [
    { feeCode: "water", code: "6051", name: "其他业务收入" },
    { feeCode: "late_fee", code: "6301.01", name: "营业外收入—滞纳金" },
  ],
  waivers: { code: "6711", name: "营业外支出—租费减免" },
  forfeitedDeposits: { code: "6301.03", name: "营业外收入—没收押金" },
  openingBalances: { code: "4104", name: "利润分配—未分配利润（期初）" },
  cash: { code: "1002", name: "银行存款" },
  cashByMethod: [
    { method: "alipay", code: "1012.02", name: "其他货币资金—支付宝" },
    { method: "cash", code: "1001", name: "库存现金" },
  ],
};

const fee = (code: string, active = true): FeeItem => ({
  code,
  name: code.toUpperCase(),
  nameZh: code === "rent" ? "租金" : "",
  category: "other",
  active,
});

describe("account mapping", () => {
  it("makes form values from the mapping and the same mapping back from them", () => {
    const values = toFormValues(mapping);
    expect(values.receivables).toEqual({ code: "1122", name: "应收账款" });
    // Methods in the cashier's order (cash before Alipay), fee items as the API gave them.
    expect(values.cashByMethod.map((row) => row.method)).toEqual(["cash", "alipay"]);
    expect(values.revenueByFee.map((row) => row.feeCode)).toEqual(["water", "late_fee"]);
    const body = toRequestBody(values);
    expect(body).toEqual({
      ...mapping,
      cashByMethod: [mapping.cashByMethod[1], mapping.cashByMethod[0]],
    });
  });

  it("trims what was typed, as the gateway does; a list emptied is sent empty", () => {
    const values = toFormValues(mapping);
    values.receivables = { code: " 1122.01 ", name: " 应收账款—租金 " };
    values.revenueByFee = [{ feeCode: " parking ", code: "6051 ", name: " 停车费收入" }];
    values.cashByMethod = [];
    const body = toRequestBody(values);
    expect(body.receivables).toEqual({ code: "1122.01", name: "应收账款—租金" });
    expect(body.revenueByFee).toEqual([{ feeCode: "parking", code: "6051", name: "停车费收入" }]);
    expect(body.cashByMethod).toEqual([]);
    expect(body.prepayments).toEqual(mapping.prepayments);
  });

  it("checks account codes by the API's pattern and length", () => {
    expect(accountCodeProblem("1122")).toBeNull();
    expect(accountCodeProblem(" 2241.01 ")).toBeNull();
    expect(accountCodeProblem("A-1_b.2")).toBeNull();
    expect(accountCodeProblem("x".repeat(40))).toBeNull();
    expect(accountCodeProblem(undefined)).toBe("required");
    expect(accountCodeProblem("   ")).toBe("required");
    expect(accountCodeProblem("x".repeat(41))).toBe("codeTooLong");
    expect(accountCodeProblem("1122 01")).toBe("codePattern");
    expect(accountCodeProblem("应收")).toBe("codePattern");
    expect(accountCodeProblem("1122/01")).toBe("codePattern");
  });

  it("checks account names: required, at most 100 characters once trimmed", () => {
    expect(accountNameProblem("应收账款")).toBeNull();
    expect(accountNameProblem(` ${"名".repeat(100)} `)).toBeNull();
    expect(accountNameProblem("")).toBe("required");
    expect(accountNameProblem(" \t")).toBe("required");
    expect(accountNameProblem(undefined)).toBe("required");
    expect(accountNameProblem("名".repeat(101))).toBe("nameTooLong");
  });

  it("checks fee item codes and methods, and finds a row given twice", () => {
    expect(feeCodeProblem("late_fee")).toBeNull();
    expect(feeCodeProblem(undefined)).toBe("required");
    expect(feeCodeProblem("Late-Fee")).toBe("feeCodePattern");
    expect(methodProblem("wechat_pay")).toBeNull();
    expect(methodProblem(undefined)).toBe("required");
    const rows = [{ feeCode: "water" }, { feeCode: "rent" }, { feeCode: "water " }, {}];
    const key = (row: { feeCode?: string }) => row.feeCode;
    // The later row is the repeated one, as the gateway names it.
    expect([0, 1, 2, 3].map((i) => isRepeated(rows, i, key))).toEqual([false, false, true, false]);
    expect(isRepeated([undefined, { feeCode: "water" }], 1, key)).toBe(false);
  });

  it("gives every fee item its income account: its own, else the revenue account", () => {
    const rows = feeAccounts(mapping, [fee("rent"), fee("water"), fee("parking", false)]);
    expect(
      rows.map((row) => [row.feeCode, row.account.code, row.own, row.feeItem?.code ?? null]),
    ).toEqual([
      // late_fee: named by the mapping, no such fee item.
      ["late_fee", "6301.01", true, null],
      ["rent", "6001", false, "rent"],
      ["water", "6051", true, "water"],
    ]);
    // An inactive item shows when the mapping names it.
    const named = feeAccounts({ ...mapping, revenueByFee: [] }, [fee("parking", false)]);
    expect(named).toEqual([]);
    const inactive = feeAccounts(
      { ...mapping, revenueByFee: [{ feeCode: "parking", code: "6051", name: "其他业务收入" }] },
      [fee("parking", false)],
    );
    expect(inactive.map((row) => [row.feeCode, row.own])).toEqual([["parking", true]]);
  });

  it("gives every payment method its account: its own, else the cash account", () => {
    expect(methodAccounts(mapping).map((row) => [row.method, row.account.code, row.own])).toEqual([
      ["cash", "1001", true],
      ["wechat_pay", "1002", false],
      ["alipay", "1012.02", true],
      ["bank_transfer", "1002", false],
      ["card", "1002", false],
      ["other", "1002", false],
    ]);
  });

  it("names a fee item in Chinese when it has a Chinese name", () => {
    expect(feeItemName(fee("rent"), "zh-CN")).toBe("租金");
    expect(feeItemName(fee("rent"), "en")).toBe("RENT");
    expect(feeItemName(fee("water"), "zh-CN")).toBe("WATER");
  });
});
