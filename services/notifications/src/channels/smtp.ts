import nodemailer from "nodemailer";
import type { OutgoingMessage, SendOutcome, Transport } from "./transport.ts";

export interface SmtpOptions {
  host: string;
  port: number;
  /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. */
  secure?: boolean;
  user?: string;
  password?: string;
  /** The From header, e.g. `"SLMS" <noreply@example.com>`. */
  from: string;
  /** Per connection step, ms. Default 10 s. */
  timeoutMs?: number;
}

/** The Message-ID of a notification's e-mail: a retry of the same notification has the same one. */
export const messageIdOf = (notificationId: string) => `<${notificationId}@notifications.slms>`;

/** Headers every notification e-mail carries, so a mailbox (and a test) can tell what it is. */
export function notificationHeaders(message: OutgoingMessage): Record<string, string> {
  return {
    "X-SLMS-Notification-Id": message.id,
    "X-SLMS-Kind": message.kind,
    "Content-Language": message.language,
  };
}

/**
 * E-mail over SMTP (nodemailer, pooled connections). A 5xx answer (no such mailbox, refused) is
 * permanent; a 4xx answer or no connection is worth another try later.
 */
export function createSmtpTransport(options: SmtpOptions): Transport {
  const timeout = options.timeoutMs ?? 10_000;
  const mailer = nodemailer.createTransport({
    host: options.host,
    port: options.port,
    secure: options.secure ?? false,
    auth: options.user ? { user: options.user, pass: options.password ?? "" } : undefined,
    pool: true,
    maxConnections: 4,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout * 3,
  });
  return {
    async send(message): Promise<SendOutcome> {
      try {
        const info = await mailer.sendMail({
          from: options.from,
          to: message.recipient,
          subject: message.subject,
          text: message.body,
          messageId: messageIdOf(message.id),
          headers: notificationHeaders(message),
          attachments: message.attachments?.map((file) => ({ ...file })),
        });
        return { status: "sent", providerId: info.messageId ?? null };
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        const reason = `smtp: ${error instanceof Error ? error.message : String(error)}`;
        if (typeof code === "number" && code >= 500) {
          return { status: "failed", permanent: true, reason };
        }
        return { status: "failed", permanent: false, reason };
      }
    },
    async close() {
      mailer.close();
    },
  };
}
