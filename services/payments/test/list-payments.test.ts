import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, type Harness, startHarness } from "./harness.ts";

// listPayments (use-cases/list-payments.ts): a crafted page token is `invalid` naming pageToken,
// never a database error; customer and lease filters name objects of the site.
let h: Harness;

beforeAll(async () => {
  h = await startHarness("pay_list");
});

afterAll(async () => {
  await h?.close();
});

const list = (request: Partial<Parameters<Harness["payments"]["ListPayments"]>[0]>) =>
  h.payments.ListPayments({ siteId: h.siteId, ...request }, { caller: h.callers.hq });
const token = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("listPayments", () => {
  it("refuses crafted page tokens as invalid, naming pageToken", async () => {
    for (let i = 0; i < 3; i++) {
      await h.payments.RecordPayment(h.paymentRequest(h.siteId), { caller: h.callers.hq });
    }
    const first = await list({ pageSize: 2 });
    expect(first.payments).toHaveLength(2);
    expect((await list({ pageSize: 2, pageToken: first.nextPageToken })).payments).toHaveLength(1);
    for (const pageToken of [
      token({ r: "0000-01-01T00:00:00.000Z", i: "pay_1" }),
      token({ r: "-100000-01-01T00:00:00.000Z", i: "pay_1" }),
      token({ r: "2026-01-15T02:30:00.123Z", i: "pay_\u0000" }),
      token({ r: "2026-01-15T02:30:00.123Z", i: "x".repeat(5_000) }),
      token({ r: "2026-01-15T02:30:00.123Z", i: ["pay_1"] }),
      token(null),
      "%%%",
      "x".repeat(100_000),
    ]) {
      await expectError(list({ pageToken }), "invalid", ["pageToken"]);
    }
  });

  it("names a customer or lease filter that is not the site's", async () => {
    const leaseA = await h.lease({ months: 12, rentMinor: 100_000 });
    const leaseB = await h.lease({ months: 12, rentMinor: 100_000, siteId: h.otherSiteId });
    const otherA = await h.customer();
    await expectError(list({ customerId: "cus_nobody" }), "not_found", ["customerId"]);
    await expectError(list({ customerId: leaseB.customerId }), "not_found", ["customerId"]);
    await expectError(list({ leaseId: leaseB.leaseId }), "not_found", ["leaseId"]);
    await expectError(list({ customerId: otherA, leaseId: leaseA.leaseId }), "not_found", [
      "leaseId",
    ]);
    await expectError(list({ customerId: "cus_\u0000" }), "invalid", ["customerId"]);
    await expectError(list({ fromDate: "0001-01-01", toDate: "9999-12-31" }), "invalid", [
      "fromDate",
      "toDate",
    ]);
    expect(
      (await list({ customerId: leaseA.customerId, leaseId: leaseA.leaseId })).payments,
    ).toEqual([]);
  });
});
