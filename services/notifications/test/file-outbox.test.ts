import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFileOutboxTransport } from "../src/channels/file-outbox.ts";
import type { OutgoingMessage } from "../src/channels/transport.ts";

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "slms-outbox-"));
});
afterAll(() => rm(directory, { recursive: true, force: true }));

const message = (channel: "email" | "sms", id: string): OutgoingMessage => ({
  id,
  orgId: "org_1",
  siteId: "sit_1",
  kind: "payment_receipt",
  channel,
  recipient: channel === "email" ? "li.wei@example.com" : "+8613800000001",
  language: "zh-CN",
  subject: channel === "email" ? "收款确认 R-1" : "",
  body: "已收到您的付款¥5,000.00",
  variables: { amount: "¥5,000.00" },
});

describe("file outbox transport (embedded mode)", () => {
  it("writes an e-mail as the .eml it would have sent and an SMS as .json", async () => {
    const transport = createFileOutboxTransport({ directory });
    expect(await transport.send(message("email", "ntf_A"))).toEqual({
      status: "sent",
      providerId: "file:ntf_A.eml",
    });
    await transport.send(message("sms", "ntf_B"));
    expect((await readdir(directory)).sort()).toEqual(["ntf_A.eml", "ntf_B.json"]);
    const mail = await simpleParser(await readFile(join(directory, "ntf_A.eml")));
    expect(mail.subject).toBe("收款确认 R-1");
    expect(mail.text?.trim()).toBe("已收到您的付款¥5,000.00");
    expect(mail.headers.get("x-slms-notification-id")).toBe("ntf_A");
    const sms = JSON.parse(await readFile(join(directory, "ntf_B.json"), "utf8"));
    expect(sms).toMatchObject({
      channel: "sms",
      recipient: "+8613800000001",
      body: "已收到您的付款¥5,000.00",
    });
  });

  it("keeps a receipt's PDF attached in the .eml", async () => {
    const transport = createFileOutboxTransport({ directory });
    const content = Buffer.from("%PDF-1.7\n%test receipt\n");
    await transport.send({
      ...message("email", "ntf_C"),
      attachments: [{ filename: "receipt-R-1.pdf", contentType: "application/pdf", content }],
    });
    const mail = await simpleParser(await readFile(join(directory, "ntf_C.eml")));
    expect(mail.attachments.map((a) => [a.filename, a.contentType, a.content])).toEqual([
      ["receipt-R-1.pdf", "application/pdf", content],
    ]);
  });
});
