import { randomUUID } from "node:crypto";
import type { Kind } from "../domain/templates.ts";
import { aliyunSignature } from "./aliyun-signature.ts";
import type { OutgoingMessage, SendOutcome, Transport } from "./transport.ts";

export interface AliyunSmsOptions {
  /** Default `https://dysmsapi.aliyuncs.com/`. */
  endpoint?: string;
  accessKeyId: string;
  accessKeySecret: string;
  /** The approved signature (签名), shown as 【…】 in the message. */
  signName: string;
  /** The approved template (模板) code of each kind, e.g. `SMS_123456789`. */
  templateCodes: Partial<Record<Kind, string>>;
  /** Default cn-hangzhou. */
  regionId?: string;
  /** Per request, ms. Default 10 s. */
  timeoutMs?: number;
  /** Now, for the Timestamp parameter; tests move it. */
  clock?: () => Date;
}

/**
 * The provider's answer codes that another try may get past (flow control, the provider's own
 * fault, an account that will be topped up); every other code other than OK — a bad number, a
 * template or signature not approved, a blacklisted keyword, bad credentials — is permanent.
 */
export const retryableAliyunCodes: ReadonlySet<string> = new Set([
  "isp.SYSTEM_ERROR",
  "isv.BUSINESS_LIMIT_CONTROL",
  "isv.DAY_LIMIT_CONTROL",
  "isv.AMOUNT_NOT_ENOUGH",
  "isv.OUT_OF_SERVICE",
  "Throttling.User",
  "ServiceUnavailable",
  "SignatureNonceUsed",
]);

/**
 * SMS through Alibaba Cloud SMS (dysmsapi `SendSms`, API version 2017-05-25), signed as
 * aliyun-signature.ts describes, sent as a POST form. The text is the provider's template
 * (`templateCodes[kind]`) filled with the message's variables; the OutId is the notification id.
 */
export function createAliyunSmsTransport(options: AliyunSmsOptions): Transport {
  const endpoint = options.endpoint ?? "https://dysmsapi.aliyuncs.com/";
  const clock = options.clock ?? (() => new Date());
  return {
    async send(message: OutgoingMessage): Promise<SendOutcome> {
      const templateCode = options.templateCodes[message.kind];
      if (!templateCode) {
        return {
          status: "failed",
          permanent: true,
          reason: `sms: no template code for ${message.kind}`,
        };
      }
      const params: Record<string, string> = {
        AccessKeyId: options.accessKeyId,
        Action: "SendSms",
        Format: "JSON",
        OutId: message.id,
        PhoneNumbers: message.recipient.replace(/\D/g, ""),
        RegionId: options.regionId ?? "cn-hangzhou",
        SignName: options.signName,
        SignatureMethod: "HMAC-SHA1",
        SignatureNonce: randomUUID(),
        SignatureVersion: "1.0",
        TemplateCode: templateCode,
        TemplateParam: JSON.stringify(message.variables),
        Timestamp: clock()
          .toISOString()
          .replace(/\.\d{3}Z$/, "Z"),
        Version: "2017-05-25",
      };
      params.Signature = aliyunSignature("POST", params, options.accessKeySecret);
      const response = await fetch(endpoint, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(params).toString(),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      const text = await response.text();
      let answer: { Code?: string; Message?: string; BizId?: string } = {};
      try {
        answer = JSON.parse(text);
      } catch {
        // Not the provider's JSON (a proxy's error page): judged by the HTTP status below.
      }
      if (answer.Code === "OK") return { status: "sent", providerId: answer.BizId ?? null };
      if (!answer.Code) {
        const reason = `sms: HTTP ${response.status} without a provider code`;
        return {
          status: "failed",
          permanent: response.status < 500 && response.status !== 429,
          reason,
        };
      }
      const reason = `sms: ${answer.Code}: ${answer.Message ?? ""}`.trim();
      return { status: "failed", permanent: !retryableAliyunCodes.has(answer.Code), reason };
    },
  };
}
