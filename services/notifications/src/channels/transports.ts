import { type AliyunSmsOptions, createAliyunSmsTransport } from "./aliyun-sms.ts";
import { createFileOutboxTransport } from "./file-outbox.ts";
import { createSmtpTransport, type SmtpOptions } from "./smtp.ts";
import type { Transports } from "./transport.ts";
import { createWebhookTransport } from "./webhook.ts";

/** Which channels a deployment sends on, and how. */
export interface ChannelOptions {
  /** E-mail over SMTP; absent: no e-mail (unless outboxDirectory). */
  smtp?: SmtpOptions;
  /** SMS through Alibaba Cloud; absent: no SMS (unless outboxDirectory). */
  aliyunSms?: AliyunSmsOptions;
  /** Signed webhooks to the URLs sites set. Default true. */
  webhooks?: boolean;
  /** Let webhooks reach loopback and private addresses (default false: refused as internal). */
  webhookAllowInternal?: boolean;
  /**
   * Embedded mode: every channel writes into this directory (.eml, .json) instead of sending;
   * smtp, aliyunSms and webhooks are then ignored.
   */
  outboxDirectory?: string;
}

/** The transport of each channel the options turn on. */
export function buildTransports(options: ChannelOptions): Transports {
  if (options.outboxDirectory) {
    const file = createFileOutboxTransport({
      directory: options.outboxDirectory,
      from: options.smtp?.from,
    });
    return { email: file, sms: file, webhook: file };
  }
  const transports: Transports = {};
  if (options.smtp) transports.email = createSmtpTransport(options.smtp);
  if (options.aliyunSms) transports.sms = createAliyunSmsTransport(options.aliyunSms);
  if (options.webhooks ?? true)
    transports.webhook = createWebhookTransport({
      allowInternal: options.webhookAllowInternal ?? false,
    });
  return transports;
}
