import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAliyunSmsTransport } from "../src/channels/aliyun-sms.ts";
import { createSmtpTransport } from "../src/channels/smtp.ts";
import type { Transports } from "../src/channels/transport.ts";
import { queueNotifications } from "../src/db/queue.ts";
import { loadSettings } from "../src/db/settings.ts";
import type { Audience } from "../src/domain/settings.ts";
import { applyEvent } from "../src/use-cases/apply-event.ts";
import { dispatchNotifications } from "../src/use-cases/dispatch-notifications.ts";
import { startAliyunSmsServer } from "./aliyun-server.ts";
import { startSmtpServer } from "./smtp-server.ts";
import {
  billHistory,
  billingRunCompleted,
  customerEvent,
  log,
  notificationsDb,
  orgId,
  paymentEvent,
  siteCreated,
  userCreated,
  waiverRequested,
} from "./support.ts";

// The dispatcher against a real SMTP server and a local Alibaba-Cloud-style SMS endpoint.
let t: Awaited<ReturnType<typeof notificationsDb>>;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let provider: Awaited<ReturnType<typeof startAliyunSmsServer>>;
const transports: Transports = {};
const site = "sit_d";
const tenDays = { amountMinor: 1_000_000, dueDate: "2026-02-20" };

beforeAll(async () => {
  smtp = await startSmtpServer();
  provider = await startAliyunSmsServer({
    accessKeyId: "LTAI-d",
    accessKeySecret: "secret-d",
    codes: { "13900000009": "isv.MOBILE_NUMBER_ILLEGAL" },
  });
  transports.email = createSmtpTransport({
    host: "127.0.0.1",
    port: smtp.port,
    from: "billing@example.com",
    timeoutMs: 1_000,
  });
  transports.sms = createAliyunSmsTransport({
    endpoint: provider.endpoint,
    accessKeyId: "LTAI-d",
    accessKeySecret: "secret-d",
    signName: "滨江花园",
    templateCodes: { dunning: "SMS_D" },
  });
  t = await notificationsDb("ntf_dispatch", transports);
  await applyEvent(t.deps, siteCreated(site, "Asia/Shanghai"));
  await applyEvent(t.deps, customerEvent(site, "cus_1", { phones: ["13800000001"] }));
  await applyEvent(t.deps, customerEvent(site, "cus_bad", { phones: ["13900000009"], email: "" }));
});
afterAll(async () => {
  await transports.email?.close?.();
  await t?.close();
  await smtp?.close();
  await provider?.close();
});
beforeEach(async () => {
  await t.deps.db.notification.deleteMany();
  await t.deps.db.siteSettings.deleteMany();
  smtp.received.length = 0;
  provider.accepted.length = 0;
  t.now.value = new Date("2026-03-01T02:00:00Z"); // 10:00 in Shanghai
});

/** Queues a dunning step of a bill for the tenant (as the scheduler would). */
async function queueDunning(
  billId: string,
  options: { customerId?: string; step?: string; audiences?: Audience[] } = {},
) {
  const settings = await loadSettings(t.deps.db, site);
  return t.deps.db.$transaction((tx) =>
    queueNotifications(tx, t.deps, {
      orgId,
      siteId: site,
      kind: "dunning",
      subjectType: "bill",
      subjectId: billId,
      step: options.step ?? "d+7",
      audiences: options.audiences ?? ["tenant"],
      customerId: options.customerId ?? "cus_1",
      facts: {},
      settings,
    }),
  );
}

async function setSettings(values: { dailyLimit?: number; tenantChannels?: ("email" | "sms")[] }) {
  const defaults = await loadSettings(t.deps.db, site);
  const { customised: _, ...settings } = { ...defaults, ...values };
  await t.deps.db.siteSettings.create({
    data: {
      siteId: site,
      orgId,
      ...settings,
      ladder: JSON.parse(JSON.stringify(settings.ladder)),
      updatedAt: new Date(),
      updatedBy: "test",
    },
  });
}

describe("dispatchNotifications", () => {
  it("states the balance at send time, not at queue time", async () => {
    const bill = billHistory(site, "bil_part", { ...tenDays, customerId: "cus_1" });
    await applyEvent(t.deps, bill.issued());
    await setSettings({ tenantChannels: ["email"] });
    await queueDunning("bil_part");
    await applyEvent(
      t.deps,
      bill.change("allocated", { allocated: 345_000 }, "2026-02-28T01:00:00Z"),
    );
    expect(await dispatchNotifications(t.deps)).toMatchObject({ sent: 1 });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]?.mail.text).toContain("¥6,550.00");
    const row = await t.deps.db.notification.findFirstOrThrow({ where: { subjectId: "bil_part" } });
    expect(row).toMatchObject({ status: "sent", amountMinor: 655_000n, attempts: 1 });
    expect(row.sentAt?.toISOString()).toBe("2026-03-01T02:00:00.000Z");
  });

  it("sends nothing for a bill paid in full since it was queued", async () => {
    const bill = billHistory(site, "bil_paid", tenDays);
    await applyEvent(t.deps, bill.issued());
    await queueDunning("bil_paid");
    await applyEvent(
      t.deps,
      bill.change("allocated", { allocated: 1_000_000 }, "2026-02-28T01:00:00Z"),
    );
    expect(await dispatchNotifications(t.deps)).toMatchObject({ sent: 0, suppressed: 2 });
    expect((await log(t.deps)).map((row) => [row.status, row.reason])).toEqual([
      ["suppressed", "bill_settled"],
      ["suppressed", "bill_settled"],
    ]);
    expect(smtp.received).toHaveLength(0);
    expect(provider.accepted).toHaveLength(0);
  });

  it("suppresses a message whose consent was withdrawn after it was queued", async () => {
    await applyEvent(t.deps, billHistory(site, "bil_consent", tenDays).issued());
    await queueDunning("bil_consent");
    await applyEvent(
      t.deps,
      customerEvent(site, "cus_1", {
        phones: ["13800000001"],
        consentSms: false,
        type: "customers.customer.updated",
        at: "2026-02-25T00:00:00Z",
      }),
    );
    await dispatchNotifications(t.deps);
    const rows = await log(t.deps);
    expect(rows.find((row) => row.channel === "sms")).toMatchObject({
      status: "suppressed",
      reason: "no_consent",
    });
    expect(rows.find((row) => row.channel === "email")).toMatchObject({ status: "sent" });
    await applyEvent(
      t.deps,
      customerEvent(site, "cus_1", {
        phones: ["13800000001"],
        type: "customers.customer.updated",
        at: "2026-02-26T00:00:00Z",
      }),
    );
  });

  it("holds an SMS during quiet hours and sends it at 08:00 in the site's time zone", async () => {
    await applyEvent(t.deps, billHistory(site, "bil_night", tenDays).issued());
    await setSettings({ tenantChannels: ["sms"] });
    t.now.value = new Date("2026-03-01T15:00:00Z"); // 23:00 in Shanghai
    await queueDunning("bil_night");
    expect(await dispatchNotifications(t.deps)).toMatchObject({ sent: 0, deferred: 1 });
    const held = await t.deps.db.notification.findFirstOrThrow({
      where: { subjectId: "bil_night" },
    });
    expect(held).toMatchObject({ status: "queued", reason: "quiet_hours", attempts: 0 });
    expect(held.nextAttemptAt.toISOString()).toBe("2026-03-02T00:00:00.000Z");
    t.now.value = new Date("2026-03-01T23:59:00Z");
    expect(await dispatchNotifications(t.deps)).toMatchObject({ sent: 0, deferred: 0 });
    t.now.value = new Date("2026-03-02T00:00:00Z");
    expect(await dispatchNotifications(t.deps)).toMatchObject({ sent: 1 });
    expect(provider.accepted).toEqual([
      expect.objectContaining({ phone: "13800000001", templateCode: "SMS_D" }),
    ]);
  });

  it("defers what passes the daily limit per recipient to the next day", async () => {
    await setSettings({ tenantChannels: ["email"], dailyLimit: 3 });
    for (const id of ["bil_l1", "bil_l2", "bil_l3", "bil_l4"]) {
      await applyEvent(t.deps, billHistory(site, id, tenDays).issued());
      await queueDunning(id);
    }
    expect(await dispatchNotifications(t.deps)).toMatchObject({ sent: 3, deferred: 1 });
    const waiting = await t.deps.db.notification.findFirstOrThrow({ where: { status: "queued" } });
    expect(waiting).toMatchObject({ reason: "daily_limit" });
    expect(waiting.nextAttemptAt.toISOString()).toBe("2026-03-01T16:00:00.000Z"); // 00:00 local
    t.now.value = new Date("2026-03-01T16:00:00Z");
    expect(await dispatchNotifications(t.deps)).toMatchObject({ sent: 1 });
    expect(smtp.received).toHaveLength(4);
  });

  it("retries while the SMTP server is down and sends once when it is back", async () => {
    await setSettings({ tenantChannels: ["email"] });
    await applyEvent(t.deps, billHistory(site, "bil_down", tenDays).issued());
    await queueDunning("bil_down");
    await smtp.stop();
    try {
      expect(await dispatchNotifications(t.deps)).toMatchObject({ retrying: 1 });
      t.now.value = new Date(t.now.value.getTime() + 60_000);
      expect(await dispatchNotifications(t.deps)).toMatchObject({ retrying: 1 });
      const row = await t.deps.db.notification.findFirstOrThrow({
        where: { subjectId: "bil_down" },
      });
      expect(row).toMatchObject({
        status: "queued",
        attempts: 2,
        reason: expect.stringMatching(/^smtp: /),
      });
      // Exponential: 1 min after the first try, 2 min after the second.
      expect(row.nextAttemptAt.getTime() - t.now.value.getTime()).toBe(120_000);
      t.now.value = new Date(t.now.value.getTime() + 60_000);
      expect(await dispatchNotifications(t.deps)).toMatchObject({ sent: 0, retrying: 0 });
    } finally {
      await smtp.start();
    }
    t.now.value = new Date(t.now.value.getTime() + 60_000);
    expect(await dispatchNotifications(t.deps)).toMatchObject({ sent: 1 });
    expect(await dispatchNotifications(t.deps)).toMatchObject({ sent: 0 });
    expect(smtp.received).toHaveLength(1);
    expect(await log(t.deps)).toEqual([
      expect.objectContaining({ status: "sent", attempts: 3, reason: null }),
    ]);
  });

  it("gives up after the retry policy's tries", async () => {
    await setSettings({ tenantChannels: ["email"] });
    await applyEvent(t.deps, billHistory(site, "bil_never", tenDays).issued());
    await queueDunning("bil_never");
    await smtp.stop();
    try {
      for (let i = 0; i < 5; i++) {
        await dispatchNotifications(t.deps);
        t.now.value = new Date(t.now.value.getTime() + 3_600_000);
      }
    } finally {
      await smtp.start();
    }
    expect(await dispatchNotifications(t.deps)).toMatchObject({ sent: 0 });
    expect(await log(t.deps)).toEqual([
      expect.objectContaining({
        status: "failed",
        attempts: 5,
        reason: expect.stringMatching(/^gave up after 5 tries: smtp: /),
      }),
    ]);
  });

  it("records a provider's error code as a permanent failure and never retries it", async () => {
    await applyEvent(t.deps, billHistory(site, "bil_badnum", tenDays).issued());
    await queueDunning("bil_badnum", { customerId: "cus_bad" });
    expect(await dispatchNotifications(t.deps)).toMatchObject({ failed: 1 });
    t.now.value = new Date(t.now.value.getTime() + 86_400_000);
    expect(await dispatchNotifications(t.deps)).toMatchObject({ failed: 0, retrying: 0, sent: 0 });
    expect((await log(t.deps)).filter((row) => row.channel === "sms")).toEqual([
      expect.objectContaining({
        status: "failed",
        attempts: 1,
        reason: "sms: isv.MOBILE_NUMBER_ILLEGAL: refused: isv.MOBILE_NUMBER_ILLEGAL",
      }),
    ]);
    expect(provider.refused.filter((r) => r.phone === "13900000009")).toHaveLength(1);
  });

  it("sends a receipt heard of before its customer once the customer is known", async () => {
    await setSettings({ tenantChannels: ["email"] });
    await applyEvent(
      t.deps,
      paymentEvent("payments.payment.recorded", site, "pay_early", {
        amountMinor: 1,
        customerId: "cus_late",
      }),
    );
    expect(await dispatchNotifications(t.deps)).toMatchObject({ sent: 0, deferred: 1 });
    expect(await log(t.deps)).toEqual([
      expect.objectContaining({ recipient: "", status: "queued", reason: "customer_unknown" }),
    ]);
    await applyEvent(t.deps, customerEvent(site, "cus_late", { email: "Late@Example.com" }));
    t.now.value = new Date(t.now.value.getTime() + 600_000);
    expect(await dispatchNotifications(t.deps)).toMatchObject({ sent: 1 });
    expect(smtp.received.map((m) => m.to)).toEqual([["late@example.com"]]);
  });

  it("gives up on a customer never heard of after a day", async () => {
    await setSettings({ tenantChannels: ["email"] });
    await applyEvent(
      t.deps,
      paymentEvent("payments.payment.recorded", site, "pay_ghost", {
        amountMinor: 1,
        customerId: "cus_ghost",
      }),
    );
    await dispatchNotifications(t.deps);
    t.now.value = new Date(t.now.value.getTime() + 86_400_000 + 600_000);
    expect(await dispatchNotifications(t.deps)).toMatchObject({ suppressed: 1 });
    expect(await log(t.deps)).toEqual([
      expect.objectContaining({ status: "suppressed", reason: "customer_unknown" }),
    ]);
  });

  it("sends each message once when two dispatchers run at the same time", async () => {
    await setSettings({ tenantChannels: ["email"], dailyLimit: 100 });
    for (let i = 0; i < 30; i++) {
      const id = `bil_c${i}`;
      await applyEvent(t.deps, billHistory(site, id, tenDays).issued());
      await queueDunning(id);
    }
    const [a, b] = await Promise.all([
      dispatchNotifications(t.deps, { limit: 20 }),
      dispatchNotifications(t.deps, { limit: 20 }),
    ]);
    const again = await dispatchNotifications(t.deps, { limit: 50 });
    expect((a?.sent ?? 0) + (b?.sent ?? 0) + again.sent).toBe(30);
    expect(smtp.received).toHaveLength(30);
    expect(new Set(smtp.received.map((m) => m.mail.messageId)).size).toBe(30);
  });

  it("e-mails staff notices to the users: a run over every site, a waiver with its amount", async () => {
    await applyEvent(
      t.deps,
      userCreated("usr_hq_d", { hqRole: "hq_admin", email: "hq@example.com" }),
    );
    await applyEvent(
      t.deps,
      userCreated("usr_mgr_d", {
        memberships: [{ siteId: site, role: "site_manager" }],
        email: "manager@example.com",
      }),
    );
    await applyEvent(t.deps, billingRunCompleted("brn_all_d", null));
    await applyEvent(t.deps, waiverRequested(site, "wav_d", "usr_clerk_d", 123_456));
    expect(await dispatchNotifications(t.deps)).toMatchObject({ sent: 2, failed: 0 });
    const subjects = Object.fromEntries(smtp.received.map((m) => [m.to[0], m.mail.subject]));
    expect(subjects).toEqual({
      "hq@example.com": "【全部场地】计费运行已完成：新开账单 12 张",
      "manager@example.com": "【Site sit_d】减免申请待审批：¥1,234.56",
    });
    const waiver = await t.deps.db.notification.findFirstOrThrow({ where: { subjectId: "wav_d" } });
    expect(waiver).toMatchObject({
      status: "sent",
      audience: "site_manager",
      amountMinor: 123_456n,
    });
  });
});
