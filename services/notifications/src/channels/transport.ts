import type { Channel, Language } from "../domain/settings.ts";
import type { Kind } from "../domain/templates.ts";

/** One message, rendered, as a transport gets it. */
export interface OutgoingMessage {
  /** The notification id: the Message-ID, the SMS OutId, the webhook's id; receivers may dedupe on it. */
  id: string;
  orgId: string;
  siteId: string;
  kind: Kind;
  channel: Channel;
  /** E-mail address, phone number, or webhook URL. */
  recipient: string;
  language: Language;
  /** Empty for SMS. */
  subject: string;
  body: string;
  /** The template's variables with their values (SMS providers keep their own templates). */
  variables: Readonly<Record<string, string>>;
  /** The webhook's HMAC key (webhook channel only). */
  webhookSecret?: string | null;
  /** Files to attach (e-mail only): a payment receipt's PDF. */
  attachments?: readonly Attachment[];
}

/** A file attached to an e-mail. */
export interface Attachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

/**
 * What a try came to. A transport answers `failed` with `permanent: true` for what no retry can
 * mend (a mailbox that does not exist, a number the provider refuses, a rejected template) and
 * `permanent: false` for what may pass (server busy, rate limited). A thrown error counts as
 * passing too (connection refused, timeout).
 */
export type SendOutcome =
  | { status: "sent"; providerId: string | null }
  | { status: "failed"; permanent: boolean; reason: string };

/** Delivers messages of one channel (SMTP, an SMS provider, webhooks, or the outbox directory). */
export interface Transport {
  send(message: OutgoingMessage): Promise<SendOutcome>;
  close?(): Promise<void>;
}

/** The transport of each channel the deployment has; a channel without one is not queued. */
export type Transports = Partial<Record<Channel, Transport>>;
