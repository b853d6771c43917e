import { MAX_AMOUNT_MINOR } from "@slms/primitives/bounds";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allocatePayment } from "../src/use-cases/allocate-payment.ts";
import { EventTypes, failure, fieldsOf, type Harness, startHarness } from "./harness.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness("allocate_payment");
});

afterAll(async () => {
  await h?.close();
});

let sequence = 0;
const payment = (fields: {
  siteId?: string;
  customerId: string;
  leaseId?: string;
  amountMinor?: number;
  billIds?: string[];
  receivedAt?: string;
  paymentId?: string;
}) => ({
  siteId: h.siteId,
  paymentId: `pay_alloc_${++sequence}`,
  leaseId: "",
  amountMinor: 100_000,
  currencyCode: "CNY",
  billIds: [],
  receivedAt: "2026-03-01T10:00:00+08:00",
  ...fields,
});

describe("AllocatePayment", () => {
  it("answers bills of another site, customer or lease NOT_FOUND naming them, and pays nothing", async () => {
    const mine = h.lease({ months: 1 });
    const sameCustomerOtherLease = h.lease({ months: 1, customerId: mine.customerId });
    const otherCustomer = h.lease({ months: 1 });
    const otherSite = h.lease({ months: 1, customerId: mine.customerId, site: h.otherSiteId });
    for (const lease of [mine, sameCustomerOtherLease, otherCustomer, otherSite]) {
      await h.publish(EventTypes.LeaseActivated, lease);
    }
    await h.runTo("2026-01-01");
    await h.runTo("2026-01-01", h.otherSiteId);
    const [own] = await h.billsOf(mine.leaseId);
    const [siblings] = await h.billsOf(sameCustomerOtherLease.leaseId);
    const [others] = await h.billsOf(otherCustomer.leaseId);
    const [remote] = await h.billsOf(otherSite.leaseId, h.otherSiteId);
    for (const [billIds, leaseId] of [
      [[own!.id, remote!.id], ""],
      [[others!.id], ""],
      [[siblings!.id], mine.leaseId],
    ] as const) {
      const error = await failure(
        h.billing.AllocatePayment(
          payment({ customerId: mine.customerId, leaseId, billIds: [...billIds] }),
          { caller: h.hq },
        ),
      );
      expect([error.kind, fieldsOf(error)]).toEqual([
        "not_found",
        [`billIds.${billIds.length - 1}`],
      ]);
    }
    expect((await h.billsOf(mine.leaseId))[0]!.allocatedMinor).toBe(0);
    expect((await h.billsOf(otherSite.leaseId, h.otherSiteId))[0]!.allocatedMinor).toBe(0);
  });

  it("answers a customer or lease not of the site NOT_FOUND naming the field", async () => {
    const here = h.lease({ months: 1 });
    const there = h.lease({ months: 1, site: h.otherSiteId });
    await h.publish(EventTypes.LeaseActivated, here);
    await h.publish(EventTypes.LeaseActivated, there);
    for (const [fields, field] of [
      [{ customerId: there.customerId }, "customerId"],
      [{ customerId: await h.customer(h.otherSiteId) }, "customerId"],
      [{ customerId: "cus_nobody" }, "customerId"],
      [{ customerId: here.customerId, leaseId: there.leaseId }, "leaseId"],
      [{ customerId: await h.customer(), leaseId: here.leaseId }, "leaseId"],
    ] as const) {
      const error = await failure(h.billing.AllocatePayment(payment(fields), { caller: h.hq }));
      expect([error.kind, fieldsOf(error)]).toEqual(["not_found", [field]]);
    }
  });

  it("keeps the money of a customer of the site with no bills yet as prepayment", async () => {
    const customerId = await h.customer();
    const answer = await h.billing.AllocatePayment(payment({ customerId, amountMinor: 300_000 }), {
      caller: h.hq,
    });
    expect(answer).toEqual({ allocations: [], prepaidMinor: 300_000 });
  });

  it("answers a payment id allocated at another site NOT_FOUND instead of its outcome", async () => {
    const there = h.lease({ months: 1, site: h.otherSiteId });
    await h.publish(EventTypes.LeaseActivated, there);
    const first = payment({ siteId: h.otherSiteId, customerId: there.customerId });
    await h.billing.AllocatePayment(first, { caller: h.hq });
    const here = h.lease({ months: 1 });
    await h.publish(EventTypes.LeaseActivated, here);
    const error = await failure(
      h.billing.AllocatePayment(
        { ...first, siteId: h.siteId, customerId: here.customerId },
        { caller: h.hq },
      ),
    );
    expect([error.kind, fieldsOf(error)]).toEqual(["not_found", ["paymentId"]]);
  });

  it("refuses amounts outside 1 … MAX_AMOUNT_MINOR and times outside 2000–2099, naming them", async () => {
    const lease = h.lease({ months: 1 });
    await h.publish(EventTypes.LeaseActivated, lease);
    for (const [fields, field] of [
      [{ amountMinor: Number.MAX_SAFE_INTEGER }, "amountMinor"],
      [{ amountMinor: MAX_AMOUNT_MINOR + 1 }, "amountMinor"],
      [{ receivedAt: "1970-01-01T00:00:00Z" }, "receivedAt"],
      [{ receivedAt: "2100-01-01T00:00:00Z" }, "receivedAt"],
    ] as const) {
      const error = await failure(
        h.billing.AllocatePayment(payment({ customerId: lease.customerId, ...fields }), {
          caller: h.hq,
        }),
      );
      expect([error.kind, fieldsOf(error)]).toEqual(["invalid", [field]]);
    }
    const most = await h.billing.AllocatePayment(
      payment({ customerId: lease.customerId, amountMinor: MAX_AMOUNT_MINOR }),
      { caller: h.hq },
    );
    expect(most.prepaidMinor).toBe(MAX_AMOUNT_MINOR);
  });

  it("refuses text that cannot be stored at the use-case edge, naming the field", async () => {
    const lease = h.lease({ months: 1 });
    await h.publish(EventTypes.LeaseActivated, lease);
    const cases: [Partial<Parameters<typeof allocatePayment>[2]>, string][] = [
      [{ paymentId: "pay_\u0000" }, "paymentId"],
      [{ billIds: ["bil_\ud800"] }, "billIds.0"],
      [{ leaseId: "lea_\u0000" }, "leaseId"],
    ];
    for (const [fields, field] of cases) {
      const error = await failure(
        allocatePayment(h.service.deps, h.hq, {
          siteId: h.siteId,
          paymentId: `pay_text_${++sequence}`,
          customerId: lease.customerId,
          amountMinor: 1_000,
          currency: "CNY",
          receivedAt: "2026-03-01T10:00:00+08:00",
          ...fields,
        }),
      );
      expect([error.kind, fieldsOf(error)]).toEqual(["invalid", [field]]);
    }
  });
});
