import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { applyEvent } from "../src/use-cases/apply-event.ts";
import {
  billHistory,
  customerEvent,
  leaseExpiring,
  log,
  notificationsDb,
  orgId,
  paymentEvent,
  recordingTransport,
  siteCreated,
} from "./support.ts";

let t: Awaited<ReturnType<typeof notificationsDb>>;
const transports = { email: recordingTransport(), sms: recordingTransport() };

beforeAll(async () => {
  t = await notificationsDb("ntf_apply_event", transports);
});
afterAll(() => t?.close());
beforeEach(async () => {
  await t.deps.db.notification.deleteMany();
});

describe("applyEvent: read models", () => {
  it("keeps the highest bill version whatever the order of arrival", async () => {
    const bill = billHistory("sit_a", "bil_order", { amountMinor: 100_000, dueDate: "2026-03-10" });
    const issued = bill.issued();
    const paidPart = bill.change("allocated", { allocated: 40_000 }, "2026-03-02T01:00:00Z");
    const paidRest = bill.change("allocated", { allocated: 60_000 }, "2026-03-03T01:00:00Z");
    await applyEvent(t.deps, paidRest);
    await applyEvent(t.deps, issued);
    await applyEvent(t.deps, paidPart);
    const fact = await t.deps.db.billFact.findUniqueOrThrow({ where: { billId: "bil_order" } });
    expect(fact).toMatchObject({ version: 2, amountMinor: 100_000n, allocatedMinor: 100_000n });
  });

  it("keeps the newest customer contacts and consents", async () => {
    await applyEvent(
      t.deps,
      customerEvent("sit_a", "cus_new", {
        email: "new@example.com",
        consentSms: false,
        at: "2026-02-02T00:00:00Z",
        type: "customers.customer.updated",
      }),
    );
    await applyEvent(
      t.deps,
      customerEvent("sit_a", "cus_new", { email: "old@example.com", at: "2026-02-01T00:00:00Z" }),
    );
    const fact = await t.deps.db.customerFact.findUniqueOrThrow({
      where: { customerId: "cus_new" },
    });
    expect(fact).toMatchObject({ email: "new@example.com", consentSms: false });
  });

  it("keeps a site's time zone", async () => {
    await applyEvent(t.deps, siteCreated("sit_tz", "Asia/Urumqi"));
    const site = await t.deps.db.siteFact.findUniqueOrThrow({ where: { siteId: "sit_tz" } });
    expect(site).toMatchObject({ orgId, timeZone: "Asia/Urumqi" });
  });

  it("refuses a malformed payload without recording it as handled", async () => {
    const bad = { ...billHistory("sit_a", "bil_bad", { amountMinor: 1, dueDate: "x" }).issued() };
    await expect(applyEvent(t.deps, bad)).rejects.toMatchObject({ kind: "invalid" });
    const inbox = await t.deps.db.inboxMessage.count({ where: { messageId: bad.id } });
    expect(inbox).toBe(0);
  });
});

describe("applyEvent: messages queued from events", () => {
  beforeAll(async () => {
    await applyEvent(t.deps, siteCreated("sit_q"));
    await applyEvent(t.deps, customerEvent("sit_q", "cus_1"));
    await t.deps.db.staffRecipient.create({
      data: { siteId: "sit_q", role: "leasing", email: "leasing@example.com", orgId },
    });
  });

  it("alerts the leasing staff of an expiring lease once, however often the event comes", async () => {
    const alert = leaseExpiring("sit_q", "lea_9", 60);
    expect(await applyEvent(t.deps, alert)).toBe(true);
    expect(await applyEvent(t.deps, alert)).toBe(false);
    // The producer announcing the same threshold again (a new event id) creates nothing either.
    await applyEvent(t.deps, leaseExpiring("sit_q", "lea_9", 60));
    expect(await log(t.deps)).toEqual([
      expect.objectContaining({
        subject: "lease:lea_9",
        step: "expiry_60",
        channel: "email",
        audience: "leasing",
        recipient: "leasing@example.com",
        status: "queued",
      }),
    ]);
  });

  it("queues a payment's receipt to the tenant on each consented channel", async () => {
    await applyEvent(
      t.deps,
      paymentEvent("payments.payment.recorded", "sit_q", "pay_1", { amountMinor: 500_000 }),
    );
    expect((await log(t.deps)).map((row) => [row.channel, row.recipient, row.status])).toEqual(
      expect.arrayContaining([
        ["email", "li.wei@example.com", "queued"],
        ["sms", "+8613800000001", "queued"],
      ]),
    );
  });

  it("suppresses the receipt of a payment reversed before it was sent", async () => {
    await applyEvent(
      t.deps,
      paymentEvent("payments.payment.recorded", "sit_q", "pay_2", { amountMinor: 1 }),
    );
    await applyEvent(
      t.deps,
      paymentEvent("payments.payment.reversed", "sit_q", "pay_2", { amountMinor: 1 }),
    );
    const rows = (await log(t.deps)).filter((row) => row.subject === "payment:pay_2");
    expect(rows).toHaveLength(2);
    expect(
      rows.every((row) => row.status === "suppressed" && row.reason === "payment_reversed"),
    ).toBe(true);
  });

  it("records, instead of queuing, a message the tenant did not consent to or opted out of", async () => {
    await applyEvent(
      t.deps,
      customerEvent("sit_q", "cus_quiet", { consentSms: false, email: "Quiet@Example.com" }),
    );
    await t.deps.db.optOut.create({
      data: {
        orgId,
        channel: "email",
        address: "quiet@example.com",
        source: "link",
        reason: "",
        actor: "usr_x",
        recordedAt: new Date(),
      },
    });
    await applyEvent(
      t.deps,
      paymentEvent("payments.payment.recorded", "sit_q", "pay_3", {
        amountMinor: 1,
        customerId: "cus_quiet",
      }),
    );
    const rows = (await log(t.deps)).filter((row) => row.subject === "payment:pay_3");
    expect(rows.map((row) => [row.channel, row.status, row.reason])).toEqual(
      expect.arrayContaining([
        ["email", "suppressed", "opted_out"],
        ["sms", "suppressed", "no_consent"],
      ]),
    );
    expect(t.queuedCalls()).toBeGreaterThan(0);
  });
});
