import { addDays, startOfDayIn } from "@slms/primitives";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAliyunSmsTransport } from "../src/channels/aliyun-sms.ts";
import { createSmtpTransport } from "../src/channels/smtp.ts";
import type { Transports } from "../src/channels/transport.ts";
import { applyEvent } from "../src/use-cases/apply-event.ts";
import { dispatchNotifications } from "../src/use-cases/dispatch-notifications.ts";
import { queueDueNotifications } from "../src/use-cases/queue-due-notifications.ts";
import { startAliyunSmsServer } from "./aliyun-server.ts";
import { startSmtpServer } from "./smtp-server.ts";
import { billHistory, customerEvent, notificationsDb, orgId, siteCreated } from "./support.ts";

// The whole ladder over simulated days: every morning (10:00 in Shanghai) the scheduler and the
// dispatcher run, as the jobs would; a real SMTP server and the local SMS endpoint receive.
let t: Awaited<ReturnType<typeof notificationsDb>>;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let provider: Awaited<ReturnType<typeof startAliyunSmsServer>>;
const transports: Transports = {};
const site = "sit_ladder";
const zone = "Asia/Shanghai";

beforeAll(async () => {
  smtp = await startSmtpServer();
  provider = await startAliyunSmsServer({ accessKeyId: "LTAI-l", accessKeySecret: "sec-l" });
  transports.email = createSmtpTransport({
    host: "127.0.0.1",
    port: smtp.port,
    from: "billing@example.com",
  });
  transports.sms = createAliyunSmsTransport({
    endpoint: provider.endpoint,
    accessKeyId: "LTAI-l",
    accessKeySecret: "sec-l",
    signName: "滨江花园",
    templateCodes: { bill_reminder: "SMS_REMIND", dunning: "SMS_DUN" },
  });
  t = await notificationsDb("ntf_ladder", transports);
  await applyEvent(t.deps, siteCreated(site, zone));
  await applyEvent(
    t.deps,
    customerEvent(site, "cus_a", { email: "a@example.com", phones: ["13800000011"] }),
  );
  await applyEvent(
    t.deps,
    customerEvent(site, "cus_b", { email: "b@example.com", phones: ["13800000012"] }),
  );
  await t.deps.db.staffRecipient.createMany({
    data: [
      { siteId: site, role: "site_manager", email: "manager@example.com", orgId },
      { siteId: site, role: "finance", email: "finance@example.com", orgId },
    ],
  });
});
afterAll(async () => {
  await transports.email?.close?.();
  await t?.close();
  await smtp?.close();
  await provider?.close();
});

/** Runs the jobs every morning from `from` to `to`, recording who got what on which day. */
async function liveDays(from: string, to: string, each?: (day: string) => Promise<void>) {
  const got: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    await each?.(day);
    t.now.value = new Date(startOfDayIn(day, zone).getTime() + 10 * 3_600_000);
    const emails = smtp.received.length;
    const sms = provider.accepted.length;
    await queueDueNotifications(t.deps);
    await dispatchNotifications(t.deps);
    const today = [
      ...smtp.received
        .slice(emails)
        .map((mail) => `${day} email ${mail.to.join(",")} ${mail.mail.headers.get("x-slms-kind")}`),
      ...provider.accepted
        .slice(sms)
        .map((text) => `${day} sms ${text.phone} ${text.templateCode}`),
    ];
    // Messages of one morning go out concurrently: their order within the day is not a rule.
    got.push(...today.sort());
  }
  return got;
}

describe("the dunning ladder", () => {
  it("sends exactly the reminder and each step, to the step's audiences, from 9 days before the due date to 33 after", async () => {
    await applyEvent(
      t.deps,
      billHistory(site, "bil_a", {
        amountMinor: 500_000,
        dueDate: "2026-03-10",
        customerId: "cus_a",
      }).issued(),
    );
    const got = await liveDays("2026-03-01", "2026-04-12");
    expect(got).toEqual([
      "2026-03-07 email a@example.com bill_reminder",
      "2026-03-07 sms 13800000011 SMS_REMIND",
      "2026-03-11 email a@example.com dunning",
      "2026-03-11 sms 13800000011 SMS_DUN",
      "2026-03-17 email a@example.com dunning",
      "2026-03-17 sms 13800000011 SMS_DUN",
      "2026-03-25 email a@example.com dunning",
      "2026-03-25 email manager@example.com dunning",
      "2026-03-25 sms 13800000011 SMS_DUN",
      "2026-04-09 email finance@example.com dunning",
      "2026-04-09 email manager@example.com dunning",
    ]);
    const last = smtp.received.at(-1)?.mail;
    expect(last?.subject).toBe("【Site sit_ladder】账单 bil_a 已逾期 30 天");
    expect(last?.text).toContain("¥5,000.00");
  });

  it("stops as soon as the bill is paid, and states what is left until then", async () => {
    const bill = billHistory(site, "bil_b", {
      amountMinor: 300_000,
      dueDate: "2026-05-10",
      customerId: "cus_b",
    });
    await applyEvent(t.deps, bill.issued());
    const got = await liveDays("2026-05-01", "2026-06-15", async (day) => {
      if (day === "2026-05-15") {
        await applyEvent(
          t.deps,
          bill.change("allocated", { allocated: 100_000 }, "2026-05-15T01:00:00Z"),
        );
      }
      if (day === "2026-05-20") {
        await applyEvent(
          t.deps,
          bill.change("allocated", { allocated: 200_000 }, "2026-05-20T01:00:00Z"),
        );
      }
    });
    expect(got).toEqual([
      "2026-05-07 email b@example.com bill_reminder",
      "2026-05-07 sms 13800000012 SMS_REMIND",
      "2026-05-11 email b@example.com dunning",
      "2026-05-11 sms 13800000012 SMS_DUN",
      "2026-05-17 email b@example.com dunning",
      "2026-05-17 sms 13800000012 SMS_DUN",
    ]);
    const d7 = smtp.received.find(
      (m) => m.to.includes("b@example.com") && m.mail.subject?.includes("7 天"),
    );
    expect(d7?.mail.text).toContain("¥2,000.00");
    expect(provider.accepted.at(-1)?.params).toMatchObject({
      amount: "¥2,000.00",
      daysOverdue: "7",
    });
  });
});
