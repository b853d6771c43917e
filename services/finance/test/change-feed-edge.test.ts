/**
 * The change feed end to end: money events as billing and payments publish them on the bus,
 * read by an ERP client over the TLS edge with ReadChanges, page by page from its cursor.
 */
import { status } from "@grpc/grpc-js";
import { EventTypes } from "@slms/contracts";
import type { FinanceChange } from "@slms/contracts/finance";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, unary } from "./harness.ts";
import { billAllocated, billIssued, depositEntry, payment } from "./money-events.ts";

let h: Harness;
let bearer: string;
beforeAll(async () => {
  h = await startHarness("feed_edge");
  bearer = (await h.newApiClient({ siteIds: [h.siteA] })).bearer;
});
afterAll(() => h?.close());

const readChanges = async (request: object) => {
  const outcome = await unary(h.edgeClient(), "ReadChanges", request, { authorization: bearer });
  if (outcome.error) throw outcome.error;
  return outcome.response as { changes: FinanceChange[]; nextCursor: string };
};

describe("ReadChanges over the TLS edge", () => {
  it("gives the client the changes announced on the bus, in order, from its cursor", async () => {
    const a = { orgId: h.orgId, siteId: h.siteA, customerId: "cus_1", leaseId: "lea_1" };
    const first = await readChanges({});
    expect(first).toEqual({ changes: [], nextCursor: "" });

    const bill = billIssued(a, "bil_1", 650_000);
    const paid = payment(a, EventTypes.PaymentRecorded, "pay_1", 650_000);
    const allocated = billAllocated(a, "bil_1", 650_000);
    await h.bus.publish([bill, paid, allocated]);
    await h.bus.publish([billIssued({ ...a, siteId: h.siteB }, "bil_b")]);
    await h.bus.publish([depositEntry(a, "received", 1_300_000)]);

    const page = await readChanges({ cursor: first.nextCursor, pageSize: 3 });
    expect(page.changes.map((c) => [c.position, c.kind, c.amount])).toEqual([
      [1, "bill.issued", { currencyCode: "CNY", amountMinor: 650_000 }],
      [2, "payment.recorded", { currencyCode: "CNY", amountMinor: 650_000 }],
      [3, "bill.balance_changed", { currencyCode: "CNY", amountMinor: -650_000 }],
    ]);
    expect(page.changes[0]).toMatchObject({
      id: bill.id,
      siteId: h.siteA,
      occurredAt: bill.occurredAt,
      customerId: "cus_1",
      leaseId: "lea_1",
      billId: "bil_1",
      feeCode: "RENT",
    });
    expect(JSON.parse(page.changes[0]!.dataJson)).toEqual(bill.data);
    expect(page.changes[1]).toMatchObject({ paymentId: "pay_1", method: "bank_transfer" });

    // Site B's bill (position 4) is not the client's; the deposit (5) is.
    const rest = await readChanges({ cursor: page.nextCursor });
    expect(rest.changes.map((c) => [c.position, c.kind])).toEqual([[5, "deposit.received"]]);
    expect(await readChanges({ cursor: rest.nextCursor })).toEqual({
      changes: [],
      nextCursor: rest.nextCursor,
    });
    expect(await readChanges({ cursor: page.nextCursor, pageSize: 3 })).toEqual(rest);
  });

  it("refuses a cursor it did not give, naming `cursor`", async () => {
    const outcome = await unary(
      h.edgeClient(),
      "ReadChanges",
      { cursor: "bm90IGEgY3Vyc29y" },
      { authorization: bearer },
    );
    expect(outcome.error?.code).toBe(status.INVALID_ARGUMENT);
    const raw = outcome.error?.metadata.get("slms-error-details-bin")[0];
    expect(JSON.parse(String(raw)).map((d: { field: string }) => d.field)).toEqual(["cursor"]);
  });
});
