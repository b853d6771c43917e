import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reverseAllocation } from "../src/use-cases/reverse-allocation.ts";
import { EventTypes, failure, fieldsOf, type Harness, startHarness } from "./harness.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness("reverse_allocation");
});

afterAll(async () => {
  await h?.close();
});

describe("ReverseAllocation", () => {
  it("reverses a payment only under its own site's path", async () => {
    const lease = h.lease({ months: 1, site: h.otherSiteId });
    await h.publish(EventTypes.LeaseActivated, lease);
    await h.runTo("2026-01-01", h.otherSiteId);
    await h.billing.AllocatePayment(
      {
        siteId: h.otherSiteId,
        paymentId: "pay_rev_b",
        customerId: lease.customerId,
        leaseId: lease.leaseId,
        amountMinor: 500_000,
        currencyCode: "CNY",
        billIds: [],
        receivedAt: "2026-01-03T10:00:00+08:00",
      },
      { caller: h.hq },
    );
    const error = await failure(
      h.billing.ReverseAllocation(
        { siteId: h.siteId, paymentId: "pay_rev_b", reason: "bounced" },
        { caller: h.hq },
      ),
    );
    expect(error.kind).toBe("not_found");
    expect((await h.billsOf(lease.leaseId, h.otherSiteId))[0]!.status).toBe("BILL_STATUS_PAID");
    const reversed = await h.billing.ReverseAllocation(
      { siteId: h.otherSiteId, paymentId: "pay_rev_b", reason: "bounced" },
      { caller: h.hq },
    );
    expect(reversed.reversed.map((r) => r.amountMinor)).toEqual([500_000]);
  });

  it("refuses a reason that cannot be stored at the use-case edge, naming it", async () => {
    const error = await failure(
      reverseAllocation(h.service.deps, h.hq, {
        siteId: h.siteId,
        paymentId: "pay_any",
        reason: "bounced \u0000",
      }),
    );
    expect([error.kind, fieldsOf(error)]).toEqual(["invalid", ["reason"]]);
  });
});
