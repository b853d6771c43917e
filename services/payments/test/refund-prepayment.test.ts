import { randomUUID } from "node:crypto";
import { MAX_AMOUNT_MINOR } from "@slms/primitives/bounds";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, type Harness, startHarness } from "./harness.ts";

// refundPrepayment (use-cases/refund-prepayment.ts): a refund names a customer of the site (and a
// lease of it and that customer); the amount is bounded (2^53 used to be a 500); text storable.
let h: Harness;

beforeAll(async () => {
  h = await startHarness("pay_refund");
});

afterAll(async () => {
  await h?.close();
});

type RefundRequest = Parameters<Harness["payments"]["RefundPrepayment"]>[0];
const refund = (overrides: Partial<RefundRequest>) =>
  h.payments.RefundPrepayment(
    {
      siteId: h.siteId,
      requestId: `usr_cashier_a:${randomUUID()}`,
      customerId: h.walkIn.siteA,
      amountMinor: 1_000,
      method: "PAYMENT_METHOD_CASH",
      reason: "退还预付款 refund",
      ...overrides,
    },
    { caller: h.callers.cashierA },
  );

describe("refundPrepayment", () => {
  it("refuses customers and leases that are not the site's or each other's, claiming nothing", async () => {
    const leaseA = await h.lease({ months: 12, rentMinor: 100_000 });
    const leaseB = await h.lease({ months: 12, rentMinor: 100_000, siteId: h.otherSiteId });
    const otherA = await h.customer();
    await expectError(refund({ customerId: "cus_nobody" }), "not_found", ["customerId"]);
    await expectError(refund({ customerId: leaseB.customerId }), "not_found", ["customerId"]);
    await expectError(
      refund({ customerId: leaseA.customerId, leaseId: leaseB.leaseId }),
      "not_found",
      ["leaseId"],
    );
    const mismatch = await expectError(
      refund({ customerId: otherA, leaseId: leaseA.leaseId }),
      "not_found",
      ["leaseId"],
    );
    expect(mismatch.details[0]!.message).toBe("is not a lease of this customer");
    expect(await h.db.refund.count()).toBe(0);
  });

  it("bounds the amount and refuses text PostgreSQL cannot store", async () => {
    await h.payments.RecordPayment(h.paymentRequest(h.siteId, { amountMinor: 50_000 }), {
      caller: h.callers.hq,
    });
    for (const amountMinor of [2 ** 53, 2 ** 53 - 1, MAX_AMOUNT_MINOR + 1, 0]) {
      await expectError(refund({ amountMinor }), "invalid", ["amountMinor"]);
    }
    await expectError(refund({ reason: "退\u0000款" }), "invalid", ["reason"]);
    await expectError(refund({ reason: "x".repeat(501) }), "invalid", ["reason"]);
    await expectError(refund({ customerId: "cus_\u0000" }), "invalid", ["customerId"]);
    await expectError(refund({ requestId: "\u0000" }), "invalid", ["requestId"]);
    expect(await h.db.refund.count()).toBe(0);
    expect((await refund({ amountMinor: 50_000 })).remainingPrepaymentMinor).toBe(0);
  });
});

describe("a completed refund", () => {
  it("is announced once, even when the request is repeated or raced", async () => {
    const customerId = await h.customer();
    await h.payments.RecordPayment(
      h.paymentRequest(h.siteId, { customerId, amountMinor: 30_000 }),
      { caller: h.callers.hq },
    );
    const requestId = `usr_cashier_a:${randomUUID()}`;
    const answers = await Promise.all(
      [1, 2, 3].map(() =>
        refund({ requestId, customerId, amountMinor: 12_345, method: "PAYMENT_METHOD_WECHAT_PAY" }),
      ),
    );
    expect(new Set(answers.map((a) => a.refund?.id)).size).toBe(1);
    await refund({
      requestId,
      customerId,
      amountMinor: 12_345,
      method: "PAYMENT_METHOD_WECHAT_PAY",
    });
    await h.settled();
    const announced = h.events.filter(
      (e) =>
        e.type === "payments.prepayment.refunded" && e.data.refundId === answers[0]!.refund?.id,
    );
    expect(announced).toHaveLength(1);
    expect(announced[0]!.data).toMatchObject({
      customerId,
      leaseId: null,
      method: "wechat_pay",
      amountMinor: 12_345,
      currency: "CNY",
      reason: "退还预付款 refund",
    });
  });
});
