import { type EventEnvelope, EventTypes } from "@slms/contracts";
import { newEvent } from "@slms/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordChange } from "../src/use-cases/record-change.ts";
import { type Harness, startHarness } from "./harness.ts";
import {
  type At,
  billAllocated,
  billIssued,
  depositEntry,
  payment,
  prepaymentRefunded,
} from "./money-events.ts";

let h: Harness;
let at: At;
beforeAll(async () => {
  h = await startHarness("record_change", { edge: false });
  at = { orgId: h.orgId, siteId: h.siteA, customerId: "cus_1", leaseId: "lea_1" };
});
afterAll(() => h?.close());

const row = (event: EventEnvelope) =>
  h.deps.db.feedItem.findUnique({ where: { eventId: event.id } });

describe("recordChange", () => {
  it.each([
    [
      "bill.issued",
      () => billIssued(at, "bil_1", 650_000),
      { billId: "bil_1", feeCode: "RENT", paymentId: null, method: null, amountMinor: 650_000n },
    ],
    [
      "bill.balance_changed",
      () => billAllocated(at, "bil_1", 300_000),
      // A payment put against the bill: the balance goes down by it.
      { billId: "bil_1", feeCode: "RENT", paymentId: null, method: null, amountMinor: -300_000n },
    ],
    [
      "payment.recorded",
      () => payment(at, EventTypes.PaymentRecorded, "pay_1", 300_000),
      { billId: null, paymentId: "pay_1", method: "bank_transfer", amountMinor: 300_000n },
    ],
    [
      "payment.reversed",
      () => payment(at, EventTypes.PaymentReversed, "pay_1", 300_000),
      { billId: null, paymentId: "pay_1", method: "bank_transfer", amountMinor: 300_000n },
    ],
    [
      "deposit.received",
      () => depositEntry(at, "received", 1_300_000),
      { amountMinor: 1_300_000n },
    ],
    ["deposit.applied", () => depositEntry(at, "applied", 650_000), { amountMinor: 650_000n }],
    ["deposit.refunded", () => depositEntry(at, "refunded", 650_000), { amountMinor: 650_000n }],
    ["deposit.forfeited", () => depositEntry(at, "forfeited", 100_000), { amountMinor: 100_000n }],
    [
      "prepayment.refunded",
      () => prepaymentRefunded(at, "rfd_1", 20_000),
      {
        amountMinor: 20_000n,
        method: "alipay",
        // Paid back from prepayments, through Alipay's account (default mapping).
        journal: [
          {
            code: "2203",
            name: "预收账款",
            role: "prepayments",
            debitMinor: 20_000,
            creditMinor: 0,
          },
          {
            code: "1012.02",
            name: "其他货币资金—支付宝",
            role: "cash",
            debitMinor: 0,
            creditMinor: 20_000,
          },
        ],
      },
    ],
  ])(
    "appends %s once, at the next position; a redelivery changes nothing",
    async (kind, make, expected) => {
      const event = make();
      const before = await h.deps.db.feedItem.count({ where: { orgId: h.orgId } });
      expect(await recordChange(h.deps, event)).toBe("appended");
      expect(await recordChange(h.deps, event)).toBe("duplicate");
      expect(await h.deps.db.feedItem.count({ where: { orgId: h.orgId } })).toBe(before + 1);
      expect(await row(event)).toMatchObject({
        orgId: h.orgId,
        position: BigInt(before + 1),
        siteId: h.siteA,
        kind,
        occurredAt: new Date(event.occurredAt),
        customerId: "cus_1",
        leaseId: "lea_1",
        currency: "CNY",
        data: event.data,
        ...expected,
      });
    },
  );

  it("numbers each organisation's feed on its own, from 1", async () => {
    const other = { orgId: "org_other_record", siteId: "sit_other" };
    const first = billIssued(other, "bil_other_1");
    const second = billIssued(other, "bil_other_2");
    await recordChange(h.deps, first);
    await recordChange(h.deps, second);
    expect((await row(first))?.position).toBe(1n);
    expect((await row(second))?.position).toBe(2n);
  });

  it("ignores events that are not money changes", async () => {
    const event = newEvent(EventTypes.BillOverdue, { ...at, actor: "system:billing" }, {});
    expect(await recordChange(h.deps, event)).toBe("ignored");
    expect(await row(event)).toBeNull();
  });

  it("refuses a payload that does not match its schema", async () => {
    const event = { ...billIssued(at, "bil_bad"), data: { billId: "bil_bad" } };
    await expect(recordChange(h.deps, event)).rejects.toMatchObject({ kind: "invalid" });
    expect(await row(event)).toBeNull();
  });

  it("is fed by the bus: a published event lands in the feed once, even published twice", async () => {
    const event = payment(at, EventTypes.PaymentRecorded, "pay_bus");
    await h.bus.publish([event]);
    await h.bus.publish([event]);
    expect(await h.deps.db.feedItem.count({ where: { eventId: event.id } })).toBe(1);
    expect(h.bus.deadLetters()).toEqual([]);
  });
});
