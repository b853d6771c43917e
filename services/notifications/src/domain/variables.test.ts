import { describe, expect, it } from "vitest";
import { billVariables, receiptVariables } from "./variables.ts";

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
