import { describe, expect, it } from "vitest";
import { amountInWordsFor, buildReceipt } from "./receipt.ts";
import type { PaymentView } from "./views.ts";

const payment: PaymentView = {
  id: "pay_1",
  orgId: "org_1",
  siteId: "sit_1",
  customerId: "cus_1",
  leaseId: "lea_1",
  method: "bank_transfer",
  amountMinor: 1_234_567,
  currency: "CNY",
  receivedAt: new Date("2026-01-15T02:30:00Z"),
  payer: "上海某某贸易有限公司",
  reference: "TX-1",
  status: "recorded",
  receiptNumber: "SH-01-000123",
  allocationStatus: "allocated",
  allocations: [{ billId: "bil_1", amountMinor: 1_000_000 }],
  prepaidMinor: 234_567,
  reversalReason: null,
  reversedAt: null,
  reversedBy: null,
  recordedBy: "usr_cashier",
  leaseReference: "",
  recordedByName: "",
  createdAt: new Date("2026-01-15T02:31:00Z"),
};

describe("buildReceipt", () => {
  it("shows the amount in figures and capital numerals, local time and allocations", () => {
    const bills = new Map([
      ["bil_1", { feeName: "租金 Rent", periodStart: "2026-01-01", periodEnd: "2026-01-31" }],
    ]);
    const receipt = buildReceipt(payment, { name: "浦东花园", timeZone: "Asia/Shanghai" }, bills);
    expect(receipt).toMatchObject({
      siteName: "浦东花园",
      receiptNumber: "SH-01-000123",
      receivedAt: "2026-01-15 10:30 (Asia/Shanghai)",
      method: "银行转账 Bank transfer",
      amount: "¥12,345.67",
      amountInWords: "人民币壹万贰仟叁佰肆拾伍元陆角柒分",
      lines: [
        { label: "租金 Rent 2026-01-01 ~ 2026-01-31 (bil_1)", amount: "¥10,000.00" },
        { label: "预收款 Prepayment", amount: "¥2,345.67" },
      ],
      allocationNote: "",
      voided: null,
      // Without the names the gateway looks up, the ids.
      lease: "lea_1",
      cashier: "usr_cashier",
    });
    expect(
      buildReceipt(
        { ...payment, leaseReference: "HT-2026-0042", recordedByName: "王芳" },
        { name: "浦东花园", timeZone: "Asia/Shanghai" },
        bills,
      ),
    ).toMatchObject({ lease: "HT-2026-0042", cashier: "王芳" });
  });

  it("marks a reversed payment void with the reason", () => {
    const receipt = buildReceipt(
      {
        ...payment,
        status: "reversed",
        reversalReason: "重复录入 duplicate",
        reversedAt: new Date("2026-01-16T01:00:00Z"),
        allocationStatus: "pending",
        allocations: [],
        prepaidMinor: 0,
      },
      { name: "浦东花园", timeZone: "Asia/Shanghai" },
      new Map(),
    );
    expect(receipt.voided).toEqual({
      reason: "重复录入 duplicate",
      at: "2026-01-16 09:00 (Asia/Shanghai)",
    });
    expect(receipt.lines).toEqual([]);
    expect(receipt.allocationNote).toBe("分配处理中 Allocation pending");
  });

  it("writes capital numerals only for currencies counted in 元角分", () => {
    expect(amountInWordsFor(100, "HKD")).toBe("港币壹元整");
    expect(amountInWordsFor(100, "JPY")).toBe("");
  });
});
