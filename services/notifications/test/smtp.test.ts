import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSmtpTransport } from "../src/channels/smtp.ts";
import type { OutgoingMessage, Transport } from "../src/channels/transport.ts";
import { startSmtpServer } from "./smtp-server.ts";

// The e-mail transport against a real SMTP server on 127.0.0.1 (smtp-server).
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let transport: Transport;

const message = (overrides: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  id: "ntf_01TEST",
  orgId: "org_1",
  siteId: "sit_1",
  kind: "dunning",
  channel: "email",
  recipient: "li.wei@example.com",
  language: "zh-CN",
  subject: "【滨江花园】账单 bil_1 已逾期 7 天",
  body: "未付金额：¥12,345.05",
  variables: {},
  ...overrides,
});

beforeAll(async () => {
  smtp = await startSmtpServer({ refuse: ["nobody@example.com"] });
  transport = createSmtpTransport({
    host: "127.0.0.1",
    port: smtp.port,
    from: '"滨江花园物业" <billing@example.com>',
    timeoutMs: 2_000,
  });
});
afterAll(async () => {
  await transport?.close?.();
  await smtp?.close();
});

describe("SMTP transport", () => {
  it("delivers the message with its id, kind and language in the headers", async () => {
    const outcome = await transport.send(message());
    expect(outcome).toEqual({ status: "sent", providerId: "<ntf_01TEST@notifications.slms>" });
    const [mail] = smtp.received;
    expect(mail?.to).toEqual(["li.wei@example.com"]);
    expect(mail?.from).toBe("billing@example.com");
    expect(mail?.mail.messageId).toBe("<ntf_01TEST@notifications.slms>");
    expect(mail?.mail.subject).toBe("【滨江花园】账单 bil_1 已逾期 7 天");
    expect(mail?.mail.text?.trim()).toBe("未付金额：¥12,345.05");
    expect(mail?.mail.headers.get("x-slms-notification-id")).toBe("ntf_01TEST");
    expect(mail?.mail.headers.get("x-slms-kind")).toBe("dunning");
    expect(mail?.mail.headers.get("content-language")).toBe("zh-CN");
  });

  it("answers a refused mailbox (550) as a permanent failure", async () => {
    const outcome = await transport.send(message({ recipient: "nobody@example.com" }));
    expect(outcome).toMatchObject({ status: "failed", permanent: true });
    expect(outcome.status === "failed" && outcome.reason).toMatch(/550/);
  });

  it("answers a server that is down as a failure worth another try", async () => {
    const down = createSmtpTransport({
      host: "127.0.0.1",
      port: 1,
      from: "a@example.com",
      timeoutMs: 1_000,
    });
    const outcome = await down.send(message());
    await down.close?.();
    expect(outcome).toMatchObject({ status: "failed", permanent: false });
  });
});
