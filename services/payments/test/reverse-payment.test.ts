import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, type Harness, startHarness } from "./harness.ts";

// reversePayment (use-cases/reverse-payment.ts) and the reads of one payment: ids and reasons
// that PostgreSQL cannot store are `invalid` naming the field, never a 500.
let h: Harness;

beforeAll(async () => {
  h = await startHarness("pay_reverse");
});

afterAll(async () => {
  await h?.close();
});

describe("reversePayment", () => {
  it("refuses a reason or id PostgreSQL cannot store, and reverses with a good one", async () => {
    const { payment } = await h.payments.RecordPayment(h.paymentRequest(h.siteId), {
      caller: h.callers.hq,
    });
    const reverse = (id: string, reason: string) =>
      h.payments.ReversePayment({ siteId: h.siteId, id, reason }, { caller: h.callers.hq });
    await expectError(reverse(payment!.id, "录入\u0000错误"), "invalid", ["reason"]);
    await expectError(reverse(payment!.id, "x".repeat(501)), "invalid", ["reason"]);
    await expectError(reverse("pay_\u0000", "录入错误"), "invalid", ["id"]);
    await expectError(
      h.payments.GetPayment({ siteId: h.siteId, id: "pay_\u0000" }, { caller: h.callers.hq }),
      "invalid",
      ["id"],
    );
    await expectError(
      h.payments.GetReceiptPdf(
        { siteId: h.siteId, paymentId: "pay_\u0000" },
        { caller: h.callers.hq },
      ),
      "invalid",
      ["paymentId"],
    );
    await expectError(
      h.payments.GetPayment({ siteId: "sit_\u0000", id: payment!.id }, { caller: h.callers.hq }),
      "invalid",
      ["siteId"],
    );
    expect((await reverse(payment!.id, "录入错误")).payment!.status).toBe("reversed");
  });
});
