import { MAX_AMOUNT_MINOR } from "@slms/primitives/bounds";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withdrawPrepayment } from "../src/use-cases/withdraw-prepayment.ts";
import { EventTypes, failure, fieldsOf, type Harness, startHarness } from "./harness.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness("withdraw_prepayment");
});

afterAll(async () => {
  await h?.close();
});

const prepay = (siteId: string, customerId: string, paymentId: string, amountMinor: number) =>
  h.billing.AllocatePayment(
    {
      siteId,
      paymentId,
      customerId,
      leaseId: "",
      amountMinor,
      currencyCode: "CNY",
      billIds: [],
      receivedAt: "2026-03-01T10:00:00+08:00",
    },
    { caller: h.hq },
  );

describe("WithdrawPrepayment", () => {
  it("refunds from a customer's prepayment at the site, once per reference", async () => {
    const customerId = await h.customer();
    await prepay(h.siteId, customerId, "pay_wd_1", 300_000);
    const refund = {
      siteId: h.siteId,
      customerId,
      leaseId: "",
      amountMinor: 100_000,
      reference: "ref_wd_1",
      reason: "moved out",
    };
    expect(await h.billing.WithdrawPrepayment(refund, { caller: h.hq })).toEqual({
      remainingMinor: 200_000,
    });
    expect(await h.billing.WithdrawPrepayment(refund, { caller: h.hq })).toEqual({
      remainingMinor: 200_000,
    });
  });

  it("answers a customer, lease or refund of another site NOT_FOUND naming the field", async () => {
    const there = h.lease({ months: 1, site: h.otherSiteId });
    await h.publish(EventTypes.LeaseActivated, there);
    await prepay(h.otherSiteId, there.customerId, "pay_wd_2", 300_000);
    const refundThere = {
      siteId: h.otherSiteId,
      customerId: there.customerId,
      leaseId: "",
      amountMinor: 1_000,
      reference: "ref_wd_2",
      reason: "overpaid",
    };
    await h.billing.WithdrawPrepayment(refundThere, { caller: h.hq });
    const here = await h.customer();
    await prepay(h.siteId, here, "pay_wd_3", 300_000);
    for (const [fields, field] of [
      [{ customerId: there.customerId }, "customerId"],
      [{ customerId: here, leaseId: there.leaseId }, "leaseId"],
      [{ customerId: here }, "reference"],
    ] as const) {
      const error = await failure(
        h.billing.WithdrawPrepayment(
          { ...refundThere, siteId: h.siteId, ...fields },
          {
            caller: h.hq,
          },
        ),
      );
      expect([error.kind, fieldsOf(error)]).toEqual(["not_found", [field]]);
    }
  });

  it("refuses amounts outside the bounds and reasons that cannot be stored, naming them", async () => {
    const customerId = await h.customer();
    const request = {
      siteId: h.siteId,
      customerId,
      amountMinor: 1_000,
      reference: "ref_wd_4",
      reason: "overpaid",
    };
    for (const [fields, field] of [
      [{ amountMinor: MAX_AMOUNT_MINOR + 1 }, "amountMinor"],
      [{ amountMinor: 0 }, "amountMinor"],
      [{ reason: "over\u0000paid" }, "reason"],
      [{ reference: "ref_\ud800" }, "reference"],
    ] as const) {
      const error = await failure(
        withdrawPrepayment(h.service.deps, h.hq, { ...request, ...fields }),
      );
      expect([error.kind, fieldsOf(error)]).toEqual(["invalid", [field]]);
    }
  });
});
