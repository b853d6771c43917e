import { describe, expect, it } from "vitest";
import {
  billingRunVariables,
  billVariables,
  importVariables,
  receiptVariables,
  waiverVariables,
} from "./variables.ts";

const names = { customerName: "李伟", siteName: "滨江花园" };
const bill = {
  billId: "bil_1",
  feeCode: "rent",
  periodStart: "2026-03-01",
  periodEnd: "2026-03-31",
  dueDate: "2026-03-10",
  currency: "CNY",
  balanceMinor: 1_234_505,
};

describe("billVariables", () => {
  it("states the balance exactly and counts days from the due date", () => {
    const values = billVariables(bill, "2026-03-17", names);
    expect(values.amount).toBe("¥12,345.05");
    expect(values.daysOverdue).toBe("7");
    expect(values.daysUntilDue).toBe("0");
  });

  it("counts the days left before the due date", () => {
    expect(billVariables(bill, "2026-03-07", names).daysUntilDue).toBe("3");
  });
});

describe("receiptVariables", () => {
  it("dates the payment in the site's time zone and names the method in the language", () => {
    const values = receiptVariables(
      "pay_1",
      {
        amountMinor: 500_000,
        currency: "CNY",
        receiptNumber: "R-0001",
        receivedAt: "2026-03-09T17:30:00Z",
        method: "wechat_pay",
      },
      { ...names, timeZone: "Asia/Shanghai", language: "zh-CN", receiptUrl: "" },
    );
    expect(values.receivedDate).toBe("2026-03-10");
    expect(values.method).toBe("微信支付");
    expect(values.amount).toBe("¥5,000.00");
  });
});

describe("billingRunVariables", () => {
  const run = { runId: "brn_1", targetDate: "2026-03-01", failed: false, issued: 3 };
  it.each([
    [[], "0"],
    [[{ currency: "CNY", issued: 3, issuedMinor: 1_500_005 }], "¥15,000.05"],
    [
      [
        { currency: "CNY", issued: 2, issuedMinor: 100 },
        { currency: "USD", issued: 1, issuedMinor: 2_000 },
      ],
      "¥1.00, US$20.00",
    ],
  ])("states what was issued per currency: %j → %s", (totals, text) => {
    expect(
      billingRunVariables({ ...run, totals }, { siteName: "A", language: "en" }),
    ).toMatchObject({ issuedAmount: text, issuedCount: "3", outcome: "completed", siteName: "A" });
  });

  it("names a run over every site, and a failed run, in the language", () => {
    const values = billingRunVariables(
      { ...run, failed: true, totals: [] },
      { siteName: null, language: "zh-CN" },
    );
    expect([values.siteName, values.outcome]).toEqual(["全部场地", "出错中止（重新运行可继续）"]);
  });
});

describe("waiverVariables", () => {
  const waiver = {
    waiverId: "wav_1",
    billId: "bil_1",
    amountMinor: 150_000,
    currency: "CNY",
    reason: "漏水",
    requestedBy: "usr_clerk",
  };
  it("names the requester when known, else by id", () => {
    expect(waiverVariables(waiver, { ...names, requesterName: "王芳" })).toMatchObject({
      amount: "¥1,500.00",
      requestedBy: "王芳",
    });
    expect(waiverVariables(waiver, { ...names, requesterName: null }).requestedBy).toBe(
      "usr_clerk",
    );
  });
});

describe("importVariables", () => {
  const finished = {
    importId: "imp_1",
    fileName: "a.xlsx",
    counts: { units: 3, customers: 2, leases: 2, arrears: 1, deposits: 2, prepayments: 0 },
  };
  it.each([
    ["committed", true, "", "zh-CN", "已提交", "与工作簿一致，精确到分", "无"],
    ["committed", false, "", "zh-CN", "已提交", "与工作簿不一致，请核查", "无"],
    [
      "failed",
      false,
      "units: code U1 twice",
      "zh-CN",
      "失败（已全部撤销，未留下任何数据）",
      "未进行（导入未提交）",
      "units: code U1 twice",
    ],
    [
      "failed",
      false,
      " ",
      "zh-CN",
      "失败（已全部撤销，未留下任何数据）",
      "未进行（导入未提交）",
      "未说明原因",
    ],
    [
      "committed",
      true,
      "",
      "en",
      "committed",
      "every figure matches the workbook to the fen",
      "none",
    ],
    [
      "committed",
      false,
      "",
      "en",
      "committed",
      "the figures do NOT match the workbook; please check them",
      "none",
    ],
    [
      "failed",
      false,
      "timeout",
      "en",
      "failed (everything discarded, nothing of it remains)",
      "not done (nothing was committed)",
      "timeout",
    ],
  ] as const)(
    "%s, reconciled %s, error %j (%s)",
    (status, reconciled, error, language, outcome, reconciliation, why) => {
      expect(
        importVariables({ ...finished, status, reconciled, error }, { siteName: "A", language }),
      ).toEqual({
        siteName: "A",
        importId: "imp_1",
        fileName: "a.xlsx",
        outcome,
        units: "3",
        customers: "2",
        leases: "2",
        arrears: "1",
        deposits: "2",
        prepayments: "0",
        reconciled: reconciliation,
        error: why,
      });
    },
  );
});
