// Baseline of bench/notifications/run.ts, run as its own process: nodemailer alone — the
// service's SMTP transport (channels/smtp.ts: one pooled nodemailer transport, 4 connections,
// the same headers and Message-ID) with no database, no queue and no rendering — sending COUNT
// copies of a message the service sent (same size) to b<i>@bench.example, WINDOW at a time
// (the dispatcher's batch). Prints its peak RSS as JSON when done.

import { createSmtpTransport } from "../../services/notifications/src/channels/smtp.ts";
import type { OutgoingMessage } from "../../services/notifications/src/channels/transport.ts";
import { recipient } from "./smtp-sink.ts";

const count = Number(process.env.COUNT);
const window = Number(process.env.WINDOW ?? 50);
const sample = JSON.parse(process.env.MESSAGE ?? "null") as OutgoingMessage & { from: string };
if (!sample || !(count > 0)) throw new Error("COUNT and MESSAGE are required");

const transport = createSmtpTransport({
  host: "127.0.0.1",
  port: Number(process.env.SMTP_PORT),
  from: sample.from,
});
// Ids as long as the service's, so the Message-ID and header lines have the same size.
const idOf = (i: number) => `${sample.id.slice(0, -10)}${String(i).padStart(10, "0")}`;

let next = 0;
async function sender() {
  while (next < count) {
    const i = next++;
    const outcome = await transport.send({ ...sample, id: idOf(i), recipient: recipient("b", i) });
    if (outcome.status !== "sent") throw new Error(`message ${i}: ${outcome.reason}`);
  }
}
await Promise.all(Array.from({ length: window }, sender));
await transport.close?.();
console.log(JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS }));
