import { MAX_AMOUNT_MINOR } from "@slms/primitives/bounds";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, type Harness, startHarness } from "./harness.ts";

// recordPayment (use-cases/record-payment.ts): what a payment names is checked with its owners
// (customers, contracts, billing) before a receipt number is spent; the receipt's names are looked
// up by the service; amounts, times and text are bounded.
let h: Harness;

beforeAll(async () => {
  h = await startHarness("pay_record_payment");
});

afterAll(async () => {
  await h?.close();
});

const record = (overrides: Parameters<Harness["paymentRequest"]>[1] = {}) =>
  h.payments.RecordPayment(h.paymentRequest(h.siteId, overrides), { caller: h.callers.cashierA });
const lastNumber = async () =>
  (await h.db.receiptCounter.findUnique({ where: { siteId: h.siteId } }))?.lastNumber ?? 0;

describe("recordPayment", () => {
  it("refuses customers, leases and bills that are not the site's or each other's, spending no number", async () => {
    const leaseA = await h.leaseWithBills({ months: 1, rentMinor: 100_000 });
    const leaseB = await h.leaseWithBills({
      months: 1,
      rentMinor: 100_000,
      siteId: h.otherSiteId,
    });
    const otherA = await h.lease({ months: 12, rentMinor: 100_000 });
    const before = await lastNumber();
    const refusals: [Parameters<typeof record>[0], string[], string][] = [
      [{ customerId: "cus_nobody" }, ["customerId"], "is not a customer of this site"],
      [{ customerId: leaseB.customerId }, ["customerId"], "is not a customer of this site"],
      [{ leaseId: "lea_nobody" }, ["leaseId"], "is not a lease of this site"],
      [
        { customerId: leaseA.customerId, leaseId: leaseB.leaseId },
        ["leaseId"],
        "is not a lease of this site",
      ],
      [
        { customerId: leaseA.customerId, leaseId: otherA.leaseId },
        ["leaseId"],
        "is not a lease of this customer",
      ],
      [
        { customerId: leaseA.customerId, billIds: [leaseB.billIds[0]!] },
        ["billIds.0"],
        "is not a bill of this site",
      ],
    ];
    for (const [overrides, fields, message] of refusals) {
      const error = await expectError(record(overrides), "not_found", fields);
      expect(error.details[0]!.message).toBe(message);
    }
    expect(await lastNumber()).toBe(before);
    expect(await h.db.payment.count({ where: { siteId: h.siteId } })).toBe(0);
  });

  it("prints the customer's name when no payer is given, and the lease's reference", async () => {
    const name = "上海鑫源贸易有限公司";
    const customerId = await h.customer({ name });
    const lease = await h.lease({ months: 12, rentMinor: 100_000, customerId });
    const { payment } = await h.payments.RecordPayment(
      h.paymentRequest(h.siteId, {
        customerId,
        leaseId: lease.leaseId,
        payer: "",
        recordedByName: "王芳",
      }),
      { caller: h.callers.cashierA },
    );
    expect(payment).toMatchObject({
      payer: name,
      leaseReference: lease.reference,
      recordedByName: "王芳",
    });
    const walkIn = await record({ payer: "" });
    expect(walkIn.payment).toMatchObject({ payer: "散客 walk-in", leaseReference: "" });
  });

  it("bounds the amount and when the money was received", async () => {
    const before = await lastNumber();
    for (const amountMinor of [2 ** 53, 2 ** 53 - 1, MAX_AMOUNT_MINOR + 1, 0, -5]) {
      await expectError(record({ amountMinor }), "invalid", ["amountMinor"]);
    }
    const now = Date.now();
    for (const receivedAt of [
      "0000-01-01T00:00:00Z",
      "2100-01-01T00:00:00Z",
      new Date(now + 25 * 3_600_000).toISOString(),
    ]) {
      await expectError(record({ receivedAt }), "invalid", ["receivedAt"]);
    }
    expect(await lastNumber()).toBe(before);
    const { payment } = await record({
      amountMinor: MAX_AMOUNT_MINOR,
      receivedAt: new Date(now + 23 * 3_600_000).toISOString(),
    });
    expect(payment).toMatchObject({
      amountMinor: MAX_AMOUNT_MINOR,
      prepaidMinor: MAX_AMOUNT_MINOR,
    });
  });

  it("refuses text PostgreSQL cannot store, naming the field", async () => {
    const before = await lastNumber();
    for (const field of ["payer", "reference", "recordedByName"] as const) {
      await expectError(record({ [field]: "王\u0000五" }), "invalid", [field]);
      await expectError(record({ [field]: "x".repeat(201) }), "invalid", [field]);
    }
    await expectError(record({ requestId: "usr_a:\u0000" }), "invalid", ["requestId"]);
    await expectError(record({ customerId: "cus_\u0000" }), "invalid", ["customerId"]);
    await expectError(record({ leaseId: "lea_\u0000" }), "invalid", ["leaseId"]);
    await expectError(record({ billIds: ["bil_\u0000"] }), "invalid", ["billIds.0"]);
    await expectError(
      h.payments.RecordPayment(h.paymentRequest("sit_\u0000"), { caller: h.callers.hq }),
      "invalid",
      ["siteId"],
    );
    expect(await lastNumber()).toBe(before);
  });
});
