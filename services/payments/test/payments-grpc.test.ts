import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, type Harness, startHarness } from "./harness.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness("pay_grpc");
});

afterAll(async () => {
  await h?.close();
});

const bill = (id: string) =>
  h.billing.GetBill({ siteId: h.siteId, id }, { caller: h.callers.hq }).then((r) => r.bill!);

describe("recording payments", () => {
  it("records a payment for a lease, and billing pays the oldest bills first", async () => {
    const lease = await h.leaseWithBills({ months: 3, rentMinor: 500_000 });
    const { payment } = await h.payments.RecordPayment(
      h.paymentRequest(h.siteId, {
        customerId: lease.customerId,
        leaseId: lease.leaseId,
        method: "PAYMENT_METHOD_BANK_TRANSFER",
        amountMinor: 1_234_567,
        receivedAt: "2026-02-10T10:30:00+08:00",
        payer: "上海鑫源贸易有限公司",
        reference: "TX-0001",
      }),
      { caller: h.callers.cashierA },
    );
    expect(payment).toMatchObject({
      siteId: h.siteId,
      customerId: lease.customerId,
      leaseId: lease.leaseId,
      method: "PAYMENT_METHOD_BANK_TRANSFER",
      amountMinor: 1_234_567,
      currencyCode: "CNY",
      receivedAt: "2026-02-10T02:30:00.000Z",
      payer: "上海鑫源贸易有限公司",
      reference: "TX-0001",
      status: "recorded",
      receiptNumber: "SH-GARDEN-000001",
      allocations: [
        { billId: lease.billIds[0], amountMinor: 500_000 },
        { billId: lease.billIds[1], amountMinor: 500_000 },
        { billId: lease.billIds[2], amountMinor: 234_567 },
      ],
      prepaidMinor: 0,
      recordedBy: "usr_cashier_a",
    });
    expect(payment!.id).toMatch(/^pay_[0-9A-Z]{26}$/);
    expect((await bill(lease.billIds[0]!)).status).toBe("BILL_STATUS_PAID");
    expect((await bill(lease.billIds[2]!)).balanceMinor).toBe(265_433);

    const { payment: got } = await h.payments.GetPayment(
      { siteId: h.siteId, id: payment!.id },
      { caller: h.callers.hq },
    );
    expect(got).toEqual(payment);
  });

  it("pays the chosen bills in order and makes the rest prepayment", async () => {
    const lease = await h.leaseWithBills({ months: 3, rentMinor: 300_000 });
    const { payment } = await h.payments.RecordPayment(
      h.paymentRequest(h.siteId, {
        customerId: lease.customerId,
        leaseId: lease.leaseId,
        amountMinor: 400_000,
        billIds: [lease.billIds[2]!],
      }),
      { caller: h.callers.hq },
    );
    expect(payment!.allocations).toEqual([{ billId: lease.billIds[2], amountMinor: 300_000 }]);
    expect(payment!.prepaidMinor).toBe(100_000);
    expect((await bill(lease.billIds[0]!)).balanceMinor).toBe(300_000);
  });

  it("names every bad field", async () => {
    const lease = await h.leaseWithBills({ months: 1, rentMinor: 100_000 });
    const error = await expectError(
      h.payments.RecordPayment(
        {
          siteId: h.siteId,
          requestId: "",
          customerId: "",
          method: "PAYMENT_METHOD_UNSPECIFIED",
          amountMinor: -5,
          receivedAt: "yesterday",
          billIds: ["bil_x", "bil_x"],
        },
        { caller: h.callers.hq },
      ),
      "invalid",
      ["requestId", "customerId", "method", "amountMinor", "receivedAt", "billIds"],
    );
    expect(error.details.find((d) => d.field === "method")?.message).toContain("cash");
    await expectError(
      h.payments.RecordPayment(
        h.paymentRequest(h.siteId, {
          receivedAt: new Date(Date.now() + 25 * 3_600_000).toISOString(),
        }),
        { caller: h.callers.hq },
      ),
      "invalid",
      ["receivedAt"],
    );
    // Chosen bills are checked with billing before a receipt number is spent.
    const other = await h.leaseWithBills({ months: 1, rentMinor: 100_000 });
    const bad = await expectError(
      h.payments.RecordPayment(
        h.paymentRequest(h.siteId, {
          customerId: lease.customerId,
          leaseId: lease.leaseId,
          billIds: [lease.billIds[0]!, "bil_nope", other.billIds[0]!],
        }),
        { caller: h.callers.hq },
      ),
      "not_found",
      ["billIds.1", "billIds.2"],
    );
    expect(bad.details.map((d) => d.message)).toEqual([
      "is not a bill of this site",
      "is not a bill of this customer",
    ]);
  });

  it("keeps each site's payments to callers of that site", async () => {
    const { payment } = await h.payments.RecordPayment(h.paymentRequest(h.siteId), {
      caller: h.callers.cashierA,
    });
    const id = payment!.id;
    const { cashierB, otherOrg } = h.callers;
    await expectError(
      h.payments.GetPayment({ siteId: h.siteId, id }, { caller: cashierB }),
      "not_found",
    );
    await expectError(
      h.payments.GetPayment({ siteId: h.otherSiteId, id }, { caller: cashierB }),
      "not_found",
    );
    await expectError(
      h.payments.GetPayment({ siteId: h.siteId, id }, { caller: otherOrg }),
      "not_found",
    );
    await expectError(
      h.payments.RecordPayment(h.paymentRequest(h.siteId), { caller: cashierB }),
      "not_found",
    );
    await expectError(
      h.payments.RecordPayment(h.paymentRequest(h.siteId), { caller: otherOrg }),
      "not_found",
    );
    await expectError(
      h.payments.ReversePayment({ siteId: h.siteId, id, reason: "x" }, { caller: cashierB }),
      "not_found",
    );
    await expectError(
      h.payments.GetReceiptPdf({ siteId: h.siteId, paymentId: id }, { caller: cashierB }),
      "not_found",
    );
    await expectError(
      h.payments.ListPayments({ siteId: h.siteId }, { caller: cashierB }),
      "not_found",
    );
    const { payments } = await h.payments.ListPayments(
      { siteId: h.otherSiteId },
      { caller: cashierB },
    );
    expect(payments.map((p) => p.id)).not.toContain(id);
  });
});

describe("listing payments", () => {
  it("filters by customer, lease and local dates, newest first, page by page", async () => {
    const customerId = await h.customer();
    const at = (date: string) => `${date}T00:30:00+08:00`;
    const made = [];
    for (const date of ["2026-03-01", "2026-03-02", "2026-03-02", "2026-03-03"]) {
      made.push(
        (
          await h.payments.RecordPayment(
            h.paymentRequest(h.siteId, { customerId, receivedAt: at(date) }),
            { caller: h.callers.hq },
          )
        ).payment!,
      );
    }
    // 00:30 in Shanghai is the previous day in UTC: the filter must use the site's zone.
    const { payments } = await h.payments.ListPayments(
      { siteId: h.siteId, customerId, fromDate: "2026-03-02", toDate: "2026-03-02" },
      { caller: h.callers.hq },
    );
    expect(payments.map((p) => p.id).sort()).toEqual([made[1]!.id, made[2]!.id].sort());

    const seen: string[] = [];
    let pageToken = "";
    do {
      const page = await h.payments.ListPayments(
        { siteId: h.siteId, customerId, pageSize: 3, pageToken },
        { caller: h.callers.hq },
      );
      seen.push(...page.payments.map((p) => p.id));
      pageToken = page.nextPageToken;
    } while (pageToken);
    expect(seen).toHaveLength(4);
    expect(seen[0]).toBe(made[3]!.id);
    expect(seen[3]).toBe(made[0]!.id);

    await expectError(
      h.payments.ListPayments(
        { siteId: h.siteId, fromDate: "2026-02-30", toDate: "03/01" },
        { caller: h.callers.hq },
      ),
      "invalid",
      ["fromDate", "toDate"],
    );
  });
});

describe("reversing payments", () => {
  it("undoes the allocation, reopens the bills and voids the receipt; once", async () => {
    const lease = await h.leaseWithBills({ months: 2, rentMinor: 200_000 });
    const { payment } = await h.payments.RecordPayment(
      h.paymentRequest(h.siteId, {
        customerId: lease.customerId,
        leaseId: lease.leaseId,
        amountMinor: 450_000,
      }),
      { caller: h.callers.hq },
    );
    expect((await bill(lease.billIds[1]!)).status).toBe("BILL_STATUS_PAID");
    await expectError(
      h.payments.ReversePayment(
        { siteId: h.siteId, id: payment!.id, reason: " " },
        { caller: h.callers.hq },
      ),
      "invalid",
      ["reason"],
    );
    const { payment: reversed } = await h.payments.ReversePayment(
      { siteId: h.siteId, id: payment!.id, reason: "支票退票 cheque bounced" },
      { caller: h.callers.cashierA },
    );
    expect(reversed).toMatchObject({
      status: "reversed",
      reversalReason: "支票退票 cheque bounced",
      receiptNumber: payment!.receiptNumber,
    });
    for (const id of lease.billIds) {
      const reopened = await bill(id);
      expect(reopened.status).toBe("BILL_STATUS_OPEN");
      expect(reopened.balanceMinor).toBe(200_000);
    }
    const { payment: again } = await h.payments.ReversePayment(
      { siteId: h.siteId, id: payment!.id, reason: "again" },
      { caller: h.callers.hq },
    );
    expect(again).toEqual(reversed);
    // The void number is never reused: the next payment takes a new one.
    const { payment: next } = await h.payments.RecordPayment(h.paymentRequest(h.siteId), {
      caller: h.callers.hq,
    });
    expect(next!.receiptNumber > payment!.receiptNumber).toBe(true);
    const row = await h.db.payment.findUniqueOrThrow({ where: { id: payment!.id } });
    expect(row).toMatchObject({ reversedBy: "usr_cashier_a", status: "reversed" });

    await h.settled();
    const reversals = h.events.filter(
      (e) => e.type === "payments.payment.reversed" && e.data.paymentId === payment!.id,
    );
    expect(reversals).toHaveLength(1);
    expect(reversals[0]!.data).toMatchObject({
      reason: "支票退票 cheque bounced",
      receiptNumber: payment!.receiptNumber,
      amountMinor: 450_000,
    });
    expect(reversals[0]!.actor).toBe("usr_cashier_a");
  });
});

describe("refunding prepayment", () => {
  it("pays back at most the balance, once per request id", async () => {
    const customerId = await h.customer();
    await h.payments.RecordPayment(
      h.paymentRequest(h.siteId, { customerId, amountMinor: 80_000 }),
      {
        caller: h.callers.hq,
      },
    );
    const refund = (amountMinor: number, requestId: string) =>
      h.payments.RefundPrepayment(
        {
          siteId: h.siteId,
          requestId,
          customerId,
          amountMinor,
          method: "PAYMENT_METHOD_BANK_TRANSFER",
          reason: "租户退租 moved out",
        },
        { caller: h.callers.cashierA },
      );
    await expectError(refund(80_001, "usr_cashier_a:r1"), "invalid", ["amountMinor"]);
    const first = await refund(30_000, "usr_cashier_a:r1");
    expect(first).toMatchObject({
      refund: { customerId, amountMinor: 30_000, method: "PAYMENT_METHOD_BANK_TRANSFER" },
      remainingPrepaymentMinor: 50_000,
    });
    expect(first.refund!.id).toMatch(/^rfd_/);
    const repeats = await Promise.all(
      Array.from({ length: 10 }, () => refund(30_000, "usr_cashier_a:r1")),
    );
    for (const repeat of repeats) expect(repeat).toEqual(first);
    await expectError(refund(30_001, "usr_cashier_a:r1"), "conflict", ["requestId"]);
    expect((await refund(50_000, "usr_cashier_a:r2")).remainingPrepaymentMinor).toBe(0);
    await expectError(
      h.payments.RefundPrepayment(
        {
          siteId: h.siteId,
          requestId: "r3",
          customerId,
          amountMinor: 1,
          method: "PAYMENT_METHOD_UNSPECIFIED",
          reason: "",
        },
        { caller: h.callers.hq },
      ),
      "invalid",
      ["method", "reason"],
    );
    expect(await h.db.refund.count({ where: { customerId } })).toBe(2);
  });
});

describe("receipts", () => {
  it("prints the receipt as a PDF with Chinese text and a VOID mark once reversed", async () => {
    const lease = await h.leaseWithBills({ months: 1, rentMinor: 1_234_567 });
    const request = h.paymentRequest(h.siteId, {
      customerId: lease.customerId,
      leaseId: lease.leaseId,
      amountMinor: 1_234_567,
      payer: "王小明",
      method: "PAYMENT_METHOD_WECHAT_PAY",
      recordedByName: "王芳",
    });
    const { payment } = await h.payments.RecordPayment(request, { caller: h.callers.hq });
    // The lease's reference is looked up from contracts; the cashier's name comes with the call.
    expect(payment).toMatchObject({ leaseReference: lease.reference, recordedByName: "王芳" });
    // The printed names are looked up, not part of the request: a retry after a rename is a repeat.
    const retried = await h.payments.RecordPayment(
      { ...request, recordedByName: "王芳芳" },
      { caller: h.callers.hq },
    );
    expect(retried.payment).toMatchObject({ id: payment!.id, recordedByName: "王芳" });
    const text = async () => {
      const { pdf, fileName } = await h.payments.GetReceiptPdf(
        { siteId: h.siteId, paymentId: payment!.id },
        { caller: h.callers.cashierA },
      );
      expect(fileName).toBe(`receipt-${payment!.receiptNumber}.pdf`);
      expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      const doc = await getDocumentProxy(new Uint8Array(pdf));
      expect(doc.numPages).toBe(1);
      return (await extractText(doc, { mergePages: true })).text.replace(/\s+/g, "");
    };
    const printed = await text();
    for (const expected of [
      "浦东花园",
      payment!.receiptNumber,
      "王小明",
      lease.reference,
      "王芳",
      "微信支付",
      "¥12,345.67",
      "人民币壹万贰仟叁佰肆拾伍元陆角柒分",
      lease.billIds[0]!,
      "2026-01-01~2026-01-31",
    ]) {
      expect(printed).toContain(expected);
    }
    expect(printed).not.toContain("作废");
    await h.payments.ReversePayment(
      { siteId: h.siteId, id: payment!.id, reason: "录入错误" },
      { caller: h.callers.hq },
    );
    const voided = await text();
    expect(voided).toContain("作废VOID");
    expect(voided).toContain("录入错误");
  });
});
