import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventTypes, failure, fieldsOf, type Harness, startHarness } from "./harness.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness("get_statement");
});

afterAll(async () => {
  await h?.close();
});

const statement = (customerId: string, fields: Record<string, string> = {}) =>
  h.billing.GetStatement(
    {
      siteId: h.siteId,
      customerId,
      leaseId: "",
      fromDate: "2026-03-01",
      toDate: "2026-03-31",
      ...fields,
    },
    { caller: h.hq },
  );

const pay = (customerId: string, paymentId: string, amountMinor: number, receivedAt: string) =>
  h.billing.AllocatePayment(
    {
      siteId: h.siteId,
      paymentId,
      customerId,
      leaseId: "",
      amountMinor,
      currencyCode: "CNY",
      billIds: [],
      receivedAt,
    },
    { caller: h.hq },
  );

describe("GetStatement", () => {
  it("dates the prepayment a payment leaves by when the money was received, not entered", async () => {
    const lease = h.lease({ months: 1, start: "2026-03-01" });
    await h.publish(EventTypes.LeaseActivated, lease);
    await h.runTo("2026-03-01");
    const before = h.now.value;
    try {
      // Received on the 10th, entered on the 20th: 500,000 pays March, 200,000 is prepaid.
      h.now.value = new Date("2026-03-20T10:00:00+08:00");
      await pay(lease.customerId, "pay_stmt_1", 700_000, "2026-03-10T09:00:00+08:00");
    } finally {
      h.now.value = before;
    }
    const firstHalf = await statement(lease.customerId, { toDate: "2026-03-15" });
    expect(firstHalf).toMatchObject({
      openingBalanceMinor: 500_000, // March's bill, issued 2026-02-19
      paymentsMinor: 700_000,
      closingBalanceMinor: -200_000,
      prepaymentMinor: 200_000,
    });
    expect(firstHalf.lines.map((l) => [l.date, l.kind, l.amountMinor])).toEqual([
      ["2026-03-10", "allocation", -500_000],
      ["2026-03-10", "prepayment_in", -200_000],
    ]);
  });

  it("answers the statement of a customer who only has a prepayment (no lease)", async () => {
    const customerId = await h.customer();
    await pay(customerId, "pay_stmt_2", 300_000, "2026-03-05T09:00:00+08:00");
    expect(await statement(customerId)).toMatchObject({
      openingBalanceMinor: 0,
      paymentsMinor: 300_000,
      closingBalanceMinor: -300_000,
      prepaymentMinor: 300_000,
      currencyCode: "CNY",
    });
  });

  it("answers all zeros for a customer of the site with nothing billed, NOT_FOUND for others", async () => {
    const customerId = await h.customer();
    expect(await statement(customerId)).toEqual({
      openingBalanceMinor: 0,
      chargesMinor: 0,
      paymentsMinor: 0,
      creditsMinor: 0,
      closingBalanceMinor: 0,
      prepaymentMinor: 0,
      currencyCode: "CNY",
      lines: [],
    });
    const there = h.lease({ months: 1, site: h.otherSiteId });
    await h.publish(EventTypes.LeaseActivated, there);
    for (const other of [await h.customer(h.otherSiteId), there.customerId, "cus_nobody"]) {
      const error = await failure(statement(other));
      expect([error.kind, fieldsOf(error)]).toEqual(["not_found", ["customerId"]]);
    }
  });

  it("takes a lease filter only for a lease of that customer at the site", async () => {
    const mine = h.lease({ months: 1 });
    const someoneElses = h.lease({ months: 1 });
    const otherSite = h.lease({ months: 1, customerId: mine.customerId, site: h.otherSiteId });
    for (const lease of [mine, someoneElses, otherSite]) {
      await h.publish(EventTypes.LeaseActivated, lease);
    }
    for (const leaseId of [someoneElses.leaseId, otherSite.leaseId, "lea_nowhere"]) {
      const error = await failure(statement(mine.customerId, { leaseId }));
      expect([error.kind, fieldsOf(error)]).toEqual(["not_found", ["leaseId"]]);
    }
    expect((await statement(mine.customerId, { leaseId: mine.leaseId })).closingBalanceMinor).toBe(
      0,
    );
  });

  it("refuses dates outside 2000-01-01 … 2099-12-31 and a range that ends before it starts", async () => {
    const customerId = await h.customer();
    for (const [fields, field] of [
      [{ fromDate: "0001-01-01" }, "fromDate"],
      [{ toDate: "2100-01-01" }, "toDate"],
      [{ fromDate: "2026-03-02", toDate: "2026-03-01" }, "toDate"],
    ] as const) {
      const error = await failure(statement(customerId, fields));
      expect([error.kind, fieldsOf(error)]).toEqual(["invalid", [field]]);
    }
  });
});
