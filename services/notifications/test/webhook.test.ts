import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutgoingMessage } from "../src/channels/transport.ts";
import { createWebhookTransport, isInternalAddress } from "../src/channels/webhook.ts";

// The webhook transport against a local HTTP receiver that verifies the signature as a
// receiver would, from the header's description alone.
const secret = "whsec_test";
const received: { id: string; body: Record<string, unknown>; verified: boolean }[] = [];
let status = 204;
let url = "";
const server = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString("utf8");
  const header = String(req.headers["x-slms-signature"] ?? "");
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  const expected = match
    ? createHmac("sha256", secret).update(`${match[1]}.${body}`).digest()
    : Buffer.alloc(32);
  const verified = Boolean(match && timingSafeEqual(expected, Buffer.from(match[2] ?? "", "hex")));
  received.push({
    id: String(req.headers["x-slms-notification-id"]),
    body: JSON.parse(body),
    verified,
  });
  res.writeHead(status, status === 302 ? { location: "http://169.254.169.254/latest" } : {}).end();
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/slms`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const message = (): OutgoingMessage => ({
  id: "ntf_01HOOK",
  orgId: "org_1",
  siteId: "sit_1",
  kind: "bill_reminder",
  channel: "webhook",
  recipient: url,
  language: "en",
  subject: "Bill due",
  body: "Amount due: ¥1.00",
  variables: { amount: "¥1.00" },
  webhookSecret: secret,
});

describe("webhook transport", () => {
  it("POSTs the message as JSON with a signature the receiver verifies", async () => {
    status = 204;
    expect(await createWebhookTransport({ allowInternal: true }).send(message())).toEqual({
      status: "sent",
      providerId: null,
    });
    expect(received.at(-1)).toEqual({
      id: "ntf_01HOOK",
      verified: true,
      body: expect.objectContaining({
        kind: "bill_reminder",
        subject: "Bill due",
        siteId: "sit_1",
      }),
    });
  });

  it("tries a 503 again and gives up on a 410", async () => {
    status = 503;
    expect(await createWebhookTransport({ allowInternal: true }).send(message())).toMatchObject({
      permanent: false,
    });
    status = 410;
    expect(await createWebhookTransport({ allowInternal: true }).send(message())).toMatchObject({
      permanent: true,
      reason: "webhook: HTTP 410",
    });
  });

  it("never reaches the network it runs in: internal addresses, names resolving to them, redirects", async () => {
    const guarded = createWebhookTransport({ timeoutMs: 2_000 });
    const count = received.length;
    for (const target of [
      url,
      url.replace("127.0.0.1", "localhost"),
      "http://169.254.169.254/latest/meta-data",
      "http://[::1]:9/x",
      "http://10.1.2.3/x",
    ]) {
      expect(await guarded.send({ ...message(), recipient: target }), target).toMatchObject({
        status: "failed",
        permanent: true,
        reason: expect.stringMatching(/internal address/),
      });
    }
    expect(received.length).toBe(count);
    status = 302;
    expect(await createWebhookTransport({ allowInternal: true }).send(message())).toMatchObject({
      status: "failed",
      permanent: true,
      reason: "webhook: HTTP 302 (redirects are not followed)",
    });
    status = 204;
  });

  it.each([
    ["127.0.0.1", true],
    ["10.255.0.1", true],
    ["172.20.1.1", true],
    ["192.168.1.10", true],
    ["100.100.1.1", true],
    ["169.254.169.254", true],
    ["::1", true],
    ["fd12:3456::1", true],
    ["fe80::1", true],
    ["::ffff:127.0.0.1", true],
    ["0.0.0.0", true],
    ["not-an-ip", true],
    ["8.8.8.8", false],
    ["203.0.113.9", false],
    ["2001:4860:4860::8888", false],
  ])("%s internal: %s", (address, expected) => {
    expect(isInternalAddress(address)).toBe(expected);
  });
});
