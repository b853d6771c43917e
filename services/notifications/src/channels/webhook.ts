import { createHmac } from "node:crypto";
import { type LookupAddress, lookup } from "node:dns";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { BlockList, isIP, type LookupFunction } from "node:net";
import type { OutgoingMessage, SendOutcome, Transport } from "./transport.ts";

export const signatureHeader = "x-slms-signature";

/**
 * The signature header of a webhook body: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret,
 * "<t>.<body>")>`. The receiver recomputes it and refuses a stale `t` (replays).
 */
export function webhookSignature(secret: string, unixSeconds: number, body: string): string {
  const mac = createHmac("sha256", secret).update(`${unixSeconds}.${body}`, "utf8").digest("hex");
  return `t=${unixSeconds},v1=${mac}`;
}

/** The JSON a webhook receives for a message. */
export function webhookPayload(message: OutgoingMessage) {
  return {
    id: message.id,
    orgId: message.orgId,
    siteId: message.siteId,
    kind: message.kind,
    language: message.language,
    subject: message.subject,
    body: message.body,
    variables: message.variables,
  };
}

/**
 * Addresses a webhook must not reach: a site manager sets the URL, and the service must not be
 * turned into a probe of the network it runs in (loopback, private ranges, link-local with
 * cloud metadata, carrier-grade NAT, multicast and reserved).
 */
const internal = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  internal.addSubnet(net, bits, "ipv4");
for (const [net, bits] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const)
  internal.addSubnet(net, bits, "ipv6");

/** Whether an address (IPv4, IPv6, or IPv4-mapped IPv6) is one a webhook must not reach. */
export function isInternalAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return internal.check(mapped, "ipv4");
  const family = isIP(address);
  if (family === 0) return true;
  return internal.check(address, family === 4 ? "ipv4" : "ipv6");
}

/** Resolves as dns.lookup does, refusing internal addresses — at connect time, so no rebinding. */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  lookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, "", 0);
    const refused = addresses.find((a) => isInternalAddress(a.address));
    if (refused) {
      const denied = Object.assign(new Error(`${hostname} is an internal address`), {
        code: "EWEBHOOKINTERNAL",
      });
      return callback(denied, "", 0);
    }
    if (options.all) return (callback as (e: null, a: LookupAddress[]) => void)(null, addresses);
    const first = addresses[0]!;
    callback(null, first.address, first.family);
  });
};

/** Options of {@link createWebhookTransport}. */
export interface WebhookOptions {
  timeoutMs?: number;
  clock?: () => Date;
  /** Let webhooks reach loopback and private networks (tests, a receiver on the same host). */
  allowInternal?: boolean;
}

/**
 * Signed webhooks: POST of {@link webhookPayload} as JSON, signed with the site's secret
 * (unsigned when it has none), the notification id in `x-slms-notification-id` for dedupe. A 2xx
 * answer is delivery; 408, 429 and 5xx (and no answer) are tried again; other 4xx are permanent,
 * and so are a redirect (not followed) and a host that resolves to an internal address.
 */
export function createWebhookTransport(options: WebhookOptions = {}): Transport {
  const clock = options.clock ?? (() => new Date());
  return {
    async send(message): Promise<SendOutcome> {
      const body = JSON.stringify(webhookPayload(message));
      const headers: Record<string, string> = {
        "content-type": "application/json",
        "x-slms-notification-id": message.id,
      };
      if (message.webhookSecret) {
        const seconds = Math.floor(clock().getTime() / 1000);
        headers[signatureHeader] = webhookSignature(message.webhookSecret, seconds, body);
      }
      let status: number;
      try {
        status = await post(message.recipient, headers, body, {
          timeoutMs: options.timeoutMs ?? 10_000,
          lookup: options.allowInternal ? undefined : publicOnlyLookup,
        });
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === "EWEBHOOKINTERNAL" || code === "EWEBHOOKURL")
          return {
            status: "failed",
            permanent: true,
            reason: `webhook: ${(error as Error).message}`,
          };
        throw error;
      }
      if (status >= 200 && status < 300) return { status: "sent", providerId: null };
      if (status >= 300 && status < 400)
        return {
          status: "failed",
          permanent: true,
          reason: `webhook: HTTP ${status} (redirects are not followed)`,
        };
      const retryable = status >= 500 || status === 408 || status === 429;
      return { status: "failed", permanent: !retryable, reason: `webhook: HTTP ${status}` };
    },
  };
}

/** POSTs and answers the status; an internal literal address is refused before connecting. */
function post(
  target: string,
  headers: Record<string, string>,
  body: string,
  options: { timeoutMs: number; lookup: LookupFunction | undefined },
): Promise<number> {
  const url = new URL(target);
  if (url.protocol !== "https:" && url.protocol !== "http:")
    return Promise.reject(Object.assign(new Error("not an http(s) URL"), { code: "EWEBHOOKURL" }));
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (options.lookup && isIP(host) && isInternalAddress(host))
    return Promise.reject(
      Object.assign(new Error(`${host} is an internal address`), { code: "EWEBHOOKINTERNAL" }),
    );
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: "POST",
        headers: { ...headers, "content-length": Buffer.byteLength(body) },
        timeout: options.timeoutMs,
        ...(options.lookup ? { lookup: options.lookup } : {}),
      },
      (res: IncomingMessage) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    req.on("error", reject);
    req.end(body);
  });
}
