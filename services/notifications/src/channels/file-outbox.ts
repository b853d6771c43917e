import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import nodemailer from "nodemailer";
import { messageIdOf, notificationHeaders } from "./smtp.ts";
import type { OutgoingMessage, SendOutcome, Transport } from "./transport.ts";
import { webhookPayload } from "./webhook.ts";

/** The file a message is written to in the outbox directory. */
export const outboxFileName = (message: Pick<OutgoingMessage, "id" | "channel">) =>
  `${message.id}.${message.channel === "email" ? "eml" : "json"}`;

/**
 * Embedded mode's transport for every channel: instead of sending, it writes the message into a
 * directory — an e-mail as the .eml nodemailer would have sent, an SMS or webhook as .json — so
 * a newcomer can see what would have gone out. Files appear whole (written, then renamed).
 */
export function createFileOutboxTransport(options: {
  directory: string;
  from?: string;
}): Transport {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true });
  return {
    async send(message): Promise<SendOutcome> {
      await mkdir(options.directory, { recursive: true });
      const name = outboxFileName(message);
      let content: Buffer | string;
      if (message.channel === "email") {
        const info = await composer.sendMail({
          from: options.from ?? "SLMS <notifications@localhost>",
          to: message.recipient,
          subject: message.subject,
          text: message.body,
          messageId: messageIdOf(message.id),
          headers: notificationHeaders(message),
          attachments: message.attachments?.map((file) => ({ ...file })),
        });
        content = info.message as Buffer;
      } else {
        content = `${JSON.stringify({ ...webhookPayload(message), channel: message.channel, recipient: message.recipient }, null, 2)}\n`;
      }
      const path = join(options.directory, name);
      await writeFile(`${path}.part`, content);
      await rename(`${path}.part`, path);
      return { status: "sent", providerId: `file:${name}` };
    },
  };
}
