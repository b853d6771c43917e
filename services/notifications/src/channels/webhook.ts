import { createHmac } from "node:crypto";
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
 * Signed webhooks: POST of {@link webhookPayload} as JSON, signed with the site's secret
 * (unsigned when it has none), the notification id in `x-slms-notification-id` for dedupe. A 2xx
 * answer is delivery; 408, 429 and 5xx (and no answer) are tried again; other 4xx are permanent.
 */
export function createWebhookTransport(
  options: { timeoutMs?: number; clock?: () => Date } = {},
): Transport {
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
      const response = await fetch(message.recipient, {
        method: "POST",
        headers,
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      await response.body?.cancel();
      if (response.ok) return { status: "sent", providerId: null };
      const retryable =
        response.status >= 500 || response.status === 408 || response.status === 429;
      return {
        status: "failed",
        permanent: !retryable,
        reason: `webhook: HTTP ${response.status}`,
      };
    },
  };
}
