// The SMTP server the notifications benchmark sends to: a real `smtp-server` on 127.0.0.1 that
// accepts every message and keeps no body — only when each recipient's message was complete and
// how many bytes it had, so 100,000 messages cost a few arrays, not their text.
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/** Recipients are `<prefix><index>@bench.example`; each prefix has its own slots. */
export const recipient = (prefix: string, index: number) => `${prefix}${index}@bench.example`;

export interface SmtpSink {
  port: number;
  /** Messages complete so far for a prefix. */
  count(prefix: string): number;
  /**
   * When each recipient's message was complete (end of DATA, before the server's 250 reply), as
   * Date.now(); NaN where none came.
   */
  times(prefix: string): Float64Array;
  /** Bytes of DATA received for a prefix. */
  bytes(prefix: string): number;
  /** Messages to a recipient that already had one, or to an address of no known prefix. */
  unexpected(): number;
  close(): Promise<void>;
}

/** Starts the sink with room for `slots[prefix]` recipients of each prefix. */
export async function startSmtpSink(slots: Record<string, number>): Promise<SmtpSink> {
  const state = new Map(
    Object.entries(slots).map(([prefix, size]) => [
      prefix,
      { times: new Float64Array(size).fill(Number.NaN), count: 0, bytes: 0 },
    ]),
  );
  let unexpected = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      let size = 0;
      stream.on("data", (chunk: Buffer) => {
        size += chunk.length;
      });
      stream.on("end", () => {
        const at = Date.now();
        for (const rcpt of session.envelope.rcptTo) {
          const match = /^([a-z]+)(\d+)@/.exec(rcpt.address);
          const slot = match ? state.get(match[1]!) : undefined;
          const index = Number(match?.[2]);
          if (!slot || index >= slot.times.length || !Number.isNaN(slot.times[index]!)) {
            unexpected++;
            continue;
          }
          slot.times[index] = at;
          slot.count++;
          slot.bytes += size;
        }
        callback();
      });
    },
  });
  const port = await new Promise<number>((resolve) => {
    const listening = server.listen(0, "127.0.0.1", () =>
      resolve((listening.address() as AddressInfo).port),
    );
  });
  const slot = (prefix: string) => {
    const found = state.get(prefix);
    if (!found) throw new Error(`no slots for recipients ${prefix}…`);
    return found;
  };
  return {
    port,
    count: (prefix) => slot(prefix).count,
    times: (prefix) => slot(prefix).times,
    bytes: (prefix) => slot(prefix).bytes,
    unexpected: () => unexpected,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
