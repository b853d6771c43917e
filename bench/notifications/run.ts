// Notifications benchmark: BILLS bills due for their reminder at once, e-mailed by the
// notifications service — its own process in infrastructure mode (services/notifications/src/
// main.ts, real PostgreSQL and RabbitMQ, the Node flags of its deployment, the production
// scheduler and dispatcher intervals, real clock) — to an SMTP server in this process
// (smtp-sink.ts). Two ways in:
// - bulk: the bills, their customers and sites are written with set-based SQL into the service's
//   read models (as its consumer would have left them), all due for the 3-days-before reminder
//   when the service starts: the scheduler's first tick queues them, the dispatcher sends them;
// - slice: then SLICE more bills are published as `billing.bill.issued` over RabbitMQ and go
//   through the consumer (inbox, read model), the scheduler's next tick and the dispatcher.
// In the same run, the baseline: nodemailer alone (nodemailer-alone.ts, its own process) sends
// BILLS messages of the same size to the same SMTP server with the same pooling.
//
//   npm run bench:notifications     (BILLS=10000 SLICE=1000 SITES=50 by default: 2½–4½ minutes
//                                    on 2 cores; SCHEDULER_INTERVAL_MS=60000 and
//                                    DISPATCH_INTERVAL_MS=2000 as deployed;
//                                    BENCH_SERVICE_NODE_OPTIONS for e.g. --cpu-prof)
//   BILLS=100000 npm run bench:notifications     (the 100,000: 27 minutes here, most of
//                                                 it the service at ~70 messages/s)
import { applyMigrations } from "@slms/db";
import { createLogger } from "@slms/logging";
import { createRabbitBus, type RabbitBus } from "@slms/messaging";
import pg from "pg";
import { migrationsDir } from "../../services/notifications/src/service.ts";
import {
  dropDatabases,
  peakRssMiB,
  rabbitUrl,
  recreateDatabases,
  removeBrokerTopology,
  start,
  stopAll,
} from "../lib.ts";
import { cpuSeconds, machineTicks, runToEnd, sleep, spread, waitForCount } from "./measure.ts";
import { billIssuedEvents, seedReadModels } from "./seed.ts";
import { type SmtpSink, startSmtpSink } from "./smtp-sink.ts";

const bills = Number(process.env.BILLS ?? 10_000);
const slice = Number(process.env.SLICE ?? 1_000);
const siteCount = Number(process.env.SITES ?? 50);
const schedulerIntervalMs = Number(process.env.SCHEDULER_INTERVAL_MS ?? 60_000);
const dispatchIntervalMs = Number(process.env.DISPATCH_INTERVAL_MS ?? 2_000);
const database = "slms_bench_notifications";
const exchange = "slms.bench.notifications";
const eventQueue = "bench.notifications.events";
const from = "SLMS <noreply@bench.example>";
const grpcPort = 50258;
// Nothing received for this long means the service is stuck (a scheduler tick may take a while).
const stallMs = Math.max(120_000, 2 * schedulerIntervalMs);

/** Each message's time from `since[k]` until the sink had it, for recipients first…first+n−1. */
function received(sink: SmtpSink, prefix: string, first: number, n: number, since: number[]) {
  const times = sink.times(prefix);
  return Array.from({ length: n }, (_, k) => times[first + k]! - since[k]!);
}

let sink: SmtpSink | null = null;
let bus: RabbitBus | null = null;
let sql: pg.Client | null = null;
let cleaning: Promise<void> | null = null;
/** Stops the service, closes the servers and connections, drops the database and queues. */
function cleanUp() {
  cleaning ??= (async () => {
    stopAll();
    await bus?.close().catch(() => undefined);
    await sql?.end().catch(() => undefined);
    await sleep(500); // let the service finish shutting down before its topology goes
    await sink?.close();
    await removeBrokerTopology(exchange, [eventQueue, `${eventQueue}.dlq`]).catch((error) =>
      console.error("broker clean-up failed:", error),
    );
    await dropDatabases([database]);
  })();
  return cleaning;
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void cleanUp().finally(() => process.exit(1)));
}
try {
  const { notifications: url } = await recreateDatabases({ notifications: database });
  await applyMigrations({ url, migrationsDir });
  sql = new pg.Client({ connectionString: url });
  await sql.connect();
  let started = Date.now();
  // Customers for the bulk and the slice (the slice's bills come as events; their customers are
  // known already); bills for the bulk only.
  const { due, today } = await seedReadModels(sql, {
    sites: siteCount,
    customers: bills + slice,
    bills,
  });
  console.log(
    `seeded ${siteCount} sites, ${(bills + slice).toLocaleString()} customers and ${bills.toLocaleString()} bills due ${due} with SQL in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );

  sink = await startSmtpSink({ t: bills + slice, b: bills });
  const commits = async () =>
    Number(
      (
        await sql!.query(
          "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()",
        )
      ).rows[0].xact_commit,
    );
  const commitsBefore = await commits();

  // Bulk: every bill is due when the service starts; its first scheduler tick finds them.
  const serviceStart = Date.now();
  const machineBefore = machineTicks();
  const service = await start(
    "services/notifications/src/main.ts",
    {
      LOG_LEVEL: "info", // the ready line is an info line
      NOTIFICATIONS_DATABASE_URL: url,
      RABBITMQ_URL: rabbitUrl,
      RABBITMQ_EXCHANGE: exchange,
      RABBITMQ_QUEUE_PREFIX: "bench",
      GRPC_PORT: String(grpcPort),
      SMTP_HOST: "127.0.0.1",
      SMTP_PORT: String(sink.port),
      SMTP_FROM: from,
      NOTIFICATIONS_WEBHOOKS: "false",
      NOTIFICATIONS_SCHEDULER_INTERVAL_MS: String(schedulerIntervalMs),
      NOTIFICATIONS_DISPATCH_INTERVAL_MS: String(dispatchIntervalMs),
    },
    /serving gRPC/,
  );
  const readyMs = Date.now() - serviceStart;
  const rssReady = peakRssMiB(service.pid!);
  await waitForCount("the bulk", () => sink!.count("t"), bills, { stallMs, service });
  const bulkMs = Date.now() - serviceStart;
  const bulkQueued = (
    await sql.query(
      "SELECT (extract(epoch FROM max(created_at)) * 1000)::float8 AS last FROM notifications",
    )
  ).rows[0].last as number;

  // Slice: the same kind of bill, as billing publishes it.
  bus = await createRabbitBus({
    url: rabbitUrl,
    exchange,
    logger: createLogger({ service: "bench-notifications", level: "warn" }),
    connectionName: "bench-notifications",
  });
  const events = billIssuedEvents(bills, slice, { sites: siteCount, due, today });
  const sliceIds = events.map((event) => (event.data as { billId: string }).billId);
  started = Date.now();
  await bus.publish(events);
  const publishMs = Date.now() - started;
  await waitForCount(
    "the slice's events",
    async () =>
      (
        await sql!.query("SELECT count(*)::int AS n FROM bill_facts WHERE bill_id = ANY ($1)", [
          sliceIds,
        ])
      ).rows[0].n,
    slice,
    { stallMs, service },
  );
  const appliedMs = Date.now() - started;
  await waitForCount("the slice", () => sink!.count("t"), bills + slice, { stallMs, service });
  const rss = peakRssMiB(service.pid!);
  const serviceCpu = cpuSeconds(service.pid!);
  const serviceMs = Date.now() - serviceStart;
  const machineAfter = machineTicks();
  const machineBusy =
    (machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total);
  const occurred = events.map((event) => Date.parse(event.occurredAt));
  const queuedAt = new Map<string, number>(
    (
      await sql.query(
        `SELECT subject_id, (extract(epoch FROM created_at) * 1000)::float8 AS at
           FROM notifications WHERE subject_id = ANY ($1)`,
        [sliceIds],
      )
    ).rows.map((row) => [row.subject_id, row.at]),
  );
  const statuses = (
    await sql.query("SELECT status, count(*)::int AS n FROM notifications GROUP BY 1 ORDER BY 1")
  ).rows.map((row) => `${row.status} ${row.n.toLocaleString()}`);
  const sample = (
    await sql.query(
      `SELECT id, org_id AS "orgId", site_id AS "siteId", kind, channel, language, subject, body
         FROM notifications WHERE status = 'sent' ORDER BY id LIMIT 1`,
    )
  ).rows[0];
  service.kill("SIGTERM");
  await new Promise((resolve) => service.once("exit", resolve));
  await sleep(1_000); // PostgreSQL publishes its statistics at most once a second
  const transactions = (await commits()) - commitsBefore;

  // Baseline: nodemailer alone, the same number of messages of the same size.
  const baselineStart = Date.now();
  const baselineOutput = await runToEnd("bench/notifications/nodemailer-alone.ts", {
    SMTP_PORT: String(sink.port),
    COUNT: String(bills),
    WINDOW: "50",
    MESSAGE: JSON.stringify({ ...sample, from, variables: {} }),
  });
  const baselineMs = Date.now() - baselineStart;
  await waitForCount("the baseline", () => sink!.count("b"), bills, { stallMs });
  const baselineRss = Math.round(JSON.parse(baselineOutput).maxRssKiB / 1024);

  const bulkLatency = received(sink, "t", 0, bills, Array(bills).fill(serviceStart));
  const sliceLatency = received(sink, "t", bills, slice, occurred);
  const baselineLatency = received(sink, "b", 0, bills, Array(bills).fill(baselineStart));
  const sliceQueued = sliceIds.map((id, k) => (queuedAt.get(id) ?? Number.NaN) - occurred[k]!);
  const rate = (n: number, ms: number) => Math.round(n / (ms / 1000)).toLocaleString();
  const size = (prefix: string, n: number) => Math.round(sink!.bytes(prefix) / n);
  const first = (latency: number[]) => (latency.reduce((a, b) => Math.min(a, b)) / 1000).toFixed(2);

  console.log(
    `\nNotifications: ${bills.toLocaleString()} bill reminders e-mailed to a local SMTP server (smtp-server, in the benchmark's process, counting only); 2 cores shared by PostgreSQL, RabbitMQ, the service and the SMTP server.
- service: services/notifications/src/main.ts in its own process, deployed Node flags, scheduler every ${schedulerIntervalMs / 1000} s and dispatcher every ${dispatchIntervalMs / 1000} s (3 loops of 50-message batches; woken after each site the scheduler queued), 10 database connections, nodemailer pool of 4 connections.
- bulk: ${bills.toLocaleString()} bills written with SQL into the read models, all due for their reminder when the service starts; latency = service process spawned → the SMTP server has the whole message (end of DATA).
- slice: ${slice.toLocaleString()} more bills published as billing.bill.issued over RabbitMQ after the bulk (consumer + inbox → read model → the scheduler's next tick → dispatcher); latency = the event's occurredAt (set when published) → end of DATA.
- baseline: nodemailer alone in its own process with the same Node flags (the service's SMTP transport, same pool, same Message-ID and headers, no database), ${bills.toLocaleString()} copies of a message the service sent, 50 in flight (the dispatcher's batch); latency = process spawned → end of DATA.\n`,
  );
  console.table([
    {
      what: `service, bulk (SQL-seeded, due at start)`,
      messages: bills,
      s: (bulkMs / 1000).toFixed(1),
      "msg/s": rate(bills, bulkMs),
      "first s": first(bulkLatency),
      ...spread(bulkLatency),
      bytes: size("t", bills + slice),
      "peak RSS MiB": rss,
    },
    {
      what: `service, slice (events over RabbitMQ)`,
      messages: slice,
      s: "",
      "msg/s": "",
      "first s": first(sliceLatency),
      ...spread(sliceLatency),
      bytes: "",
      "peak RSS MiB": "",
    },
    {
      what: "baseline: nodemailer alone",
      messages: bills,
      s: (baselineMs / 1000).toFixed(1),
      "msg/s": rate(bills, baselineMs),
      "first s": first(baselineLatency),
      ...spread(baselineLatency),
      bytes: size("b", bills),
      "peak RSS MiB": baselineRss,
    },
  ]);
  const sliceQueuedSpread = spread(sliceQueued);
  console.log(
    `bulk: service ready (gRPC serving) ${(readyMs / 1000).toFixed(1)} s after spawn (${rssReady} MiB RSS); every reminder queued ${((bulkQueued - serviceStart) / 1000).toFixed(1)} s after spawn (${rate(bills, bulkQueued - serviceStart)} queued/s)`,
  );
  console.log(
    `slice: ${slice.toLocaleString()} events published and confirmed in ${publishMs} ms, applied to the read model after ${(appliedMs / 1000).toFixed(2)} s; event → queued p50 ${sliceQueuedSpread.p50} s, p95 ${sliceQueuedSpread.p95} s, max ${sliceQueuedSpread.max} s (waits for the scheduler's next tick)`,
  );
  console.log(
    `service process CPU: ${serviceCpu.toFixed(1)} s in its ${(serviceMs / 1000).toFixed(1)} s (${Math.round((100 * serviceCpu * 1000) / serviceMs)}% of one core); the machine's cores were ${Math.round(100 * machineBusy)}% busy meanwhile (PostgreSQL, RabbitMQ, the SMTP server, anything else running)`,
  );
  console.log(
    `transactions committed in the service's database: ${transactions.toLocaleString()} (${(transactions / (bills + slice)).toFixed(1)} per message)`,
  );
  console.log(
    `delivery log: ${statuses.join(", ")}; messages the SMTP server got twice or unaddressed: ${sink.unexpected()}`,
  );
  console.log(
    `service / nodemailer alone: ${(bulkMs / baselineMs).toFixed(2)}× the time, ${(rss / baselineRss).toFixed(1)}× the peak RSS`,
  );
} finally {
  await cleanUp();
}
