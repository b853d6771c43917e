import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allocateIfPending } from "../src/db/allocation.ts";
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

  it("waits for an allocation under way (its claim), then reverses; the job passes over a claimed payment", async () => {
    const { payment } = await h.payments.RecordPayment(h.paymentRequest(h.siteId), {
      caller: h.callers.hq,
    });
    // As if another replica were asking billing about this payment right now.
    await h.db
      .$executeRaw`UPDATE payments SET busy_until = now() + interval '600 milliseconds', allocation_status = 'pending' WHERE id = ${payment!.id}`;
    expect(
      await allocateIfPending(h.service.deps, h.callers.hq, payment!.id, { skipLocked: true }),
    ).toBe("busy");
    const started = Date.now();
    const { payment: reversed } = await h.payments.ReversePayment(
      { siteId: h.siteId, id: payment!.id, reason: "录入错误" },
      { caller: h.callers.hq },
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(reversed!.status).toBe("reversed");
    const row = await h.db.payment.findUniqueOrThrow({ where: { id: payment!.id } });
    expect(row.busyUntil).toBeNull();
    // A reversed payment is never allocated afterwards.
    expect(await allocateIfPending(h.service.deps, h.callers.hq, payment!.id)).toBe("not_recorded");
  });
});
