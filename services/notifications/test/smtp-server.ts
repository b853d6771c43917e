import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/** A message as the SMTP server received it: the envelope and the parsed message. */
export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  mail: ParsedMail;
}

/**
 * A real SMTP server on 127.0.0.1 (the `smtp-server` package) for the tests: it keeps every
 * message it accepts, refuses the recipients in `refuse` with 550 (no such mailbox), and can be
 * stopped and started again on the same port (an SMTP outage).
 */
export async function startSmtpServer(options: { refuse?: string[] } = {}) {
  const received: ReceivedMail[] = [];
  let server: SMTPServer | null = null;
  let port = 0;
  const start = async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (options.refuse?.includes(address.address)) {
          const error = Object.assign(new Error("mailbox unavailable"), { responseCode: 550 });
          callback(error);
          return;
        }
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", async () => {
          const raw = Buffer.concat(chunks).toString("utf8");
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            raw,
            mail: await simpleParser(raw),
          });
          callback();
        });
      },
    });
    const listening = server;
    await new Promise<void>((resolve) => {
      const net = listening.listen(port, "127.0.0.1", () => {
        port = (net.address() as AddressInfo).port;
        resolve();
      });
    });
  };
  await start();
  return {
    received,
    get port() {
      return port;
    },
    /** Stops accepting connections (the port stays ours to start again on). */
    async stop() {
      const running = server;
      server = null;
      if (running) await new Promise<void>((resolve) => running.close(() => resolve()));
    },
    start,
    close() {
      return this.stop();
    },
  };
}
