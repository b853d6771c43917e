// Billing-run benchmark: one monthly billing run over 100,000 active leases at 50 sites, end to
// end — the billing service as its own process in infrastructure mode (real PostgreSQL and
// RabbitMQ), started over gRPC, until every bill is committed with its event and every
// `billing.bill.issued` event has reached a queue. In the same run, the baselines: one raw SQL
// INSERT … SELECT of the same bills into a copy of the bills table, and raw amqplib publishing
// the same number of persistent, confirmed messages of the same size. The service runs with the
// Node flags of its Kubernetes deployment (bench/lib.ts); the figures include its peak RSS and
// the peak memory (PSS) of all PostgreSQL processes.
//
//   npm run bench:billing            (LEASES=100000 SITES=50 BILLING_RUN_CHUNK=5000 by default)
//   LEASES=1000000 SITES=500 npm run bench:billing      (about 10 minutes on 2 cores)
import { BillingServiceClient, type BillingServiceDefinition } from "@slms/contracts/billing";
import { applyMigrations } from "@slms/db";
import { type Caller, createClient } from "@slms/grpc";
import amqp from "amqplib";
import pg from "pg";
import { migrationsDir } from "../../services/billing/src/service.ts";
import { seedLeases } from "../../services/billing/test/seed.ts";
import {
  dropDatabases,
  peakRssMiB,
  postgresPssMiB,
  rabbitUrl,
  recreateDatabases,
  removeBrokerTopology,
  samplePeak,
  start,
  stopAll,
} from "../lib.ts";

const leases = Number(process.env.LEASES ?? 100_000);
const siteCount = Number(process.env.SITES ?? 50);
const chunk = process.env.BILLING_RUN_CHUNK ?? "5000";
const database = "slms_bench_billing";
const exchange = "slms.bench.billing";
const counterQueue = "bench.billing-issued-counter";
const baselineQueue = "bench.billing-baseline";
const caller: Caller = {
  actor: "usr_bench",
  orgId: "org_bench",
  siteIds: "all",
  roles: ["finance"],
};
const sites = Array.from({ length: siteCount }, (_, i) => `sit_bench_${i}`);
// Schedules start in January 2026; issue dates are 10 days ahead, so a run to 1 January issues
// exactly January: one bill per lease.
const target = "2026-01-01";
const grpcPort = 50254;

const seconds = (ms: number) => ms / 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function queueDepth(channel: amqp.Channel, queue: string) {
  return (await channel.checkQueue(queue)).messageCount;
}

const broker = await amqp.connect(rabbitUrl);
const channel = await broker.createConfirmChannel();
try {
  const { billing: url } = await recreateDatabases({ billing: database });
  await applyMigrations({ url, migrationsDir });
  let started = performance.now();
  await seedLeases(url, { orgId: caller.orgId, siteIds: sites, leases, months: 3 });
  console.log(
    `seeded ${leases.toLocaleString()} leases × 3 months of rent at ${siteCount} sites in ${seconds(performance.now() - started).toFixed(1)} s`,
  );

  // The queue counting the service's events, and the baseline's queue: same kind (quorum).
  for (const queue of [counterQueue, baselineQueue]) {
    await channel.deleteQueue(queue);
    await channel.assertQueue(queue, { durable: true, arguments: { "x-queue-type": "quorum" } });
  }

  const service = await start(
    "services/billing/src/main.ts",
    {
      LOG_LEVEL: "info",
      BILLING_DATABASE_URL: url,
      RABBITMQ_URL: rabbitUrl,
      RABBITMQ_EXCHANGE: exchange,
      RABBITMQ_QUEUE_PREFIX: "bench",
      GRPC_PORT: String(grpcPort),
      BILLING_JOB_INTERVAL_MS: "0",
      BILLING_RUN_CHUNK: chunk,
    },
    /serving gRPC/,
  );
  await channel.bindQueue(counterQueue, exchange, "billing.bill.issued");
  await channel.bindQueue(baselineQueue, exchange, "bench.baseline");
  const client = createClient<BillingServiceDefinition>(
    BillingServiceClient,
    `127.0.0.1:${grpcPort}`,
    { deadlineMs: 600_000 },
  );

  // The service: start the run, poll it, then wait for its events to reach the queue.
  const rssBefore = peakRssMiB(service.pid!);
  const postgresBefore = postgresPssMiB();
  const postgresPeak = samplePeak(postgresPssMiB);
  started = performance.now();
  const { run } = await client.StartBillingRun({ targetDate: target }, { caller });
  let status = run!;
  // Each poll's latency: how long the service's own requests wait while the run and the relay
  // share its event loop.
  const polls: number[] = [];
  while (status.status === "running") {
    await sleep(50);
    const asked = performance.now();
    status = (await client.GetBillingRun({ id: run!.id }, { caller })).run!;
    polls.push(performance.now() - asked);
  }
  const runMs = performance.now() - started;
  if (status.status !== "completed") throw new Error(`billing run ${status.status}`);
  if (status.issued !== leases) throw new Error(`issued ${status.issued}, expected ${leases}`);
  while ((await queueDepth(channel, counterQueue)) < leases) await sleep(50);
  const endToEndMs = performance.now() - started;
  const rss = peakRssMiB(service.pid!);
  const postgres = postgresPeak.stop();
  // The same run again (an hourly job's tick): everything is billed, so it finds nothing.
  started = performance.now();
  const again = (await client.StartBillingRun({ targetDate: target, wait: true }, { caller })).run!;
  const againMs = performance.now() - started;
  if (again.issued !== 0) throw new Error(`a repeated run issued ${again.issued}`);
  client.close();

  // Baseline 1: the same bills in one raw SQL statement, into an identical table.
  const sql = new pg.Client({ connectionString: url });
  await sql.connect();
  await sql.query("CREATE TABLE bills_baseline (LIKE bills INCLUDING ALL)");
  started = performance.now();
  const inserted = await sql.query(
    `INSERT INTO bills_baseline (id, dedupe_key, org_id, site_id, lease_id, customer_id, fee_code, kind,
       period_start, period_end, issue_date, due_date, currency, amount_minor)
     SELECT 'bil_' || replace(gen_random_uuid()::text, '-', ''),
            'charge:' || lease_id || ':' || fee_code || ':' || to_char(period_start, 'YYYY-MM-DD'),
            org_id, site_id, lease_id, customer_id, fee_code, 'charge', period_start, period_end,
            issue_date, due_date, currency, amount_minor
     FROM scheduled_charges WHERE state <> 'cancelled' AND issue_date <= $1::date AND amount_minor > 0`,
    [target],
  );
  const sqlMs = performance.now() - started;
  await sql.end();
  if (inserted.rowCount !== leases) throw new Error(`baseline inserted ${inserted.rowCount}`);

  // Baseline 2: raw amqplib, the same number of persistent confirmed messages, each the bytes
  // of one of the service's events as it reached the queue.
  const sample = await channel.get(counterQueue, { noAck: true });
  if (!sample) throw new Error(`no event in ${counterQueue}`);
  const body = sample.content;
  started = performance.now();
  for (let i = 0; i < leases; i++) {
    const ok = channel.publish(exchange, "bench.baseline", body, {
      persistent: true,
      contentType: "application/json",
    });
    if (!ok) await new Promise((resolve) => channel.once("drain", resolve));
  }
  await channel.waitForConfirms();
  const amqpMs = performance.now() - started;

  console.log(
    `\nOne monthly billing run, ${leases.toLocaleString()} leases at ${siteCount} sites, chunks of ${chunk}; 2 cores shared by PostgreSQL, RabbitMQ and the service\n`,
  );
  const rate = (ms: number) => Math.round(leases / seconds(ms)).toLocaleString();
  console.table([
    {
      what: "billing run (bills + outbox committed)",
      s: seconds(runMs).toFixed(2),
      "bills/s": rate(runMs),
    },
    {
      what: "… until every event is in a queue",
      s: seconds(endToEndMs).toFixed(2),
      "bills/s": rate(endToEndMs),
    },
    {
      what: "baseline: raw SQL INSERT … SELECT",
      s: seconds(sqlMs).toFixed(2),
      "bills/s": rate(sqlMs),
    },
    {
      what: "baseline: raw amqplib publish + confirm",
      s: seconds(amqpMs).toFixed(2),
      "bills/s": rate(amqpMs),
    },
  ]);
  console.log(`billing run / raw SQL time: ${(runMs / sqlMs).toFixed(2)}×`);
  console.log(
    `end to end / (raw SQL + raw amqplib) time: ${(endToEndMs / (sqlMs + amqpMs)).toFixed(2)}×`,
  );
  console.log(`the same run repeated (nothing left to bill): ${againMs.toFixed(0)} ms`);
  polls.sort((a, b) => a - b);
  const pollAt = (q: number) =>
    (polls[Math.min(polls.length - 1, Math.floor(q * polls.length))] ?? 0).toFixed(1);
  console.log(
    `GetBillingRun during the run (${polls.length} polls): median ${pollAt(0.5)} ms, p99 ${pollAt(0.99)} ms, max ${pollAt(1)} ms`,
  );
  console.log(`billing service peak RSS: ${rss} MiB (${rssBefore} MiB before the run)`);
  console.log(
    `PostgreSQL peak PSS, all its processes: ${postgres} MiB (${postgresBefore} MiB before the run)`,
  );
  const targetSeconds = leases >= 1_000_000 ? 240 : 30;
  console.log(
    `target ≤ ${targetSeconds} s end to end: ${seconds(endToEndMs) <= targetSeconds ? "met" : "MISSED"}`,
  );
} finally {
  stopAll();
  await sleep(500); // let the service finish shutting down before its topology goes
  await removeBrokerTopology(exchange, [
    counterQueue,
    baselineQueue,
    "bench.billing.leases",
    "bench.billing.leases.dlq",
  ]).catch((error) => console.error("broker clean-up failed:", error));
  await broker.close().catch(() => undefined);
  await dropDatabases([database]);
}
