// Gateway benchmark: autocannon against GET /api/v1/sites/{siteId}/units?limit=50 — an
// authenticated request through gateway → gRPC → assets → PostgreSQL — and, in the same run,
// against the same page served by one express + pg process (same JWT check, same SQL, same
// database: one-process-server.ts) and a bare express "hello" route. Both servers run as their own processes in
// infrastructure mode (real PostgreSQL, Redis, RabbitMQ on this machine); autocannon runs here.
//
// The gateway and the one-process app are measured in alternation, ROUNDS times, so a change in
// what else the machine runs (a shared host) weighs on both alike; each round's ratios are
// printed and their median is the figure. Each measurement also counts the CPU time its
// server processes and PostgreSQL used, per request: the cost of a request whatever the
// machine's load.
//
//   npm run bench:gateway            (DURATION=10 CONNECTIONS=20 ROUNDS=3 by default)
import { migrationsDir as assetsMigrations } from "@slms/assets";
import { applyMigrations } from "@slms/db";
import { migrationsDir as gatewayMigrations } from "@slms/gateway";
import autocannon from "autocannon";
import {
  cpuMeter,
  dropDatabases,
  rabbitUrl,
  recreateDatabases,
  removeBrokerTopology,
  start,
  stopAll,
} from "../lib.ts";

const duration = Number(process.env.DURATION ?? 10);
const connections = Number(process.env.CONNECTIONS ?? 20);
const rounds = Number(process.env.ROUNDS ?? 3);

type Measured = Awaited<ReturnType<typeof measure>>;

async function measure(
  title: string,
  url: string,
  servers: number[],
  headers: Record<string, string> = {},
) {
  const meter = cpuMeter(servers);
  const result = await autocannon({ url, connections, duration, headers });
  const cpu = meter.stop();
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${title}: ${result.non2xx} non-2xx responses, ${result.errors} errors`);
  }
  const perRequestMs = (seconds: number) => (seconds * 1000) / result.requests.total;
  return {
    title,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    serversCpuMs: perRequestMs(cpu.servers),
    postgresCpuMs: perRequestMs(cpu.postgres),
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

try {
  const urls = await recreateDatabases({
    assets: "slms_bench_assets",
    gateway: "slms_bench_gateway",
  });
  await applyMigrations({ url: urls.assets, migrationsDir: assetsMigrations });
  await applyMigrations({ url: urls.gateway, migrationsDir: gatewayMigrations });
  const common = {
    LOG_LEVEL: "warn",
    RABBITMQ_URL: rabbitUrl,
    RABBITMQ_EXCHANGE: "slms.bench.gateway",
  };
  const assets = await start(
    "services/assets/src/main.ts",
    {
      ...common,
      LOG_LEVEL: "info",
      ASSETS_DATABASE_URL: urls.assets,
      GRPC_PORT: "50151",
      ...(process.env.ASSETS_CPU_PROF
        ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.ASSETS_CPU_PROF}` }
        : {}),
    },
    /serving gRPC/,
  );
  const gatewayProcess = await start(
    "services/gateway/src/main.ts",
    {
      ...common,
      PORT: "18081",
      GATEWAY_DATABASE_URL: urls.gateway,
      ASSETS_GRPC_URL: "127.0.0.1:50151",
      REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
      SLMS_JWT_SECRET: "bench-secret-bench-secret-bench-secret-01",
      SLMS_ADMIN_EMAIL: "bench@slms.local",
      SLMS_ADMIN_PASSWORD: "bench-password-1",
      SLMS_ORG_CODE: "BENCH",
      API_RATE_LIMIT_PER_MINUTE: "0",
      LOG_LEVEL: "info",
      ...(process.env.GATEWAY_CPU_PROF
        ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.GATEWAY_CPU_PROF}` }
        : {}),
    },
    /gateway listening/,
  );
  const base = "http://127.0.0.1:18081";
  const json = { "content-type": "application/json" };
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: "POST",
    headers: json,
    body: JSON.stringify({ email: "bench@slms.local", password: "bench-password-1" }),
  }).then((r) => r.json() as Promise<{ accessToken: string }>);
  const auth = { authorization: `Bearer ${login.accessToken}` };
  const site = await fetch(`${base}/api/v1/sites`, {
    method: "POST",
    headers: { ...json, ...auth },
    body: JSON.stringify({
      code: "BENCH-1",
      name: "Bench Tower",
      kind: "office",
      timeZone: "Asia/Shanghai",
      currency: "CNY",
    }),
  }).then((r) => r.json() as Promise<{ id: string }>);
  for (let i = 0; i < 500; i++) {
    const response = await fetch(`${base}/api/v1/sites/${site.id}/units`, {
      method: "POST",
      headers: { ...json, ...auth },
      body: JSON.stringify({
        code: `U-${String(i).padStart(4, "0")}`,
        name: `Office ${i}`,
        kind: "office",
        grossAreaM2: 100 + (i % 50),
        listRentMonthlyMinor: 1_000_000 + i * 100,
      }),
    });
    if (response.status !== 201) throw new Error(`seeding unit ${i}: ${response.status}`);
  }

  const hello = await start("bench/gateway/hello-server.ts", { PORT: "18082" }, /LISTENING/);
  const oneProcess = await start(
    "bench/gateway/one-process-server.ts",
    {
      PORT: "18083",
      ASSETS_DATABASE_URL: urls.assets,
      SLMS_JWT_SECRET: "bench-secret-bench-secret-bench-secret-01",
    },
    /LISTENING/,
  );
  const onePage = `http://127.0.0.1:18083/api/v1/sites/${site.id}/units?limit=50`;
  // Warm both up so JIT and connection pools are settled before measuring.
  await autocannon({
    url: `${base}/api/v1/sites/${site.id}/units?limit=50`,
    connections,
    duration: 2,
    headers: auth,
  });
  await autocannon({ url: "http://127.0.0.1:18082/hello", connections, duration: 2 });
  await autocannon({ url: onePage, connections, duration: 2, headers: auth });

  const gatewayPage = `${base}/api/v1/sites/${site.id}/units?limit=50`;
  const measured: { gateway: Measured; one: Measured }[] = [];
  for (let round = 0; round < rounds; round++) {
    measured.push({
      gateway: await measure(
        "gateway GET units?limit=50",
        gatewayPage,
        [gatewayProcess.pid!, assets.pid!],
        auth,
      ),
      one: await measure("one express + pg process, same page", onePage, [oneProcess.pid!], auth),
    });
  }
  const bare = await measure("bare express GET /hello", "http://127.0.0.1:18082/hello", [
    hello.pid!,
  ]);
  console.log(
    `\nautocannon: ${connections} connections, ${duration} s each, ${rounds} rounds in alternation, 2 cores shared with the servers\n`,
  );
  console.table(
    [
      ...measured.flatMap((round, i) =>
        [round.gateway, round.one].map((r) => ({ round: i + 1, r })),
      ),
      { round: "", r: bare },
    ].map(({ round, r }) => ({
      round,
      target: r.title,
      "req/s": Math.round(r.requestsPerSecond),
      "p50 ms": r.p50,
      "p99 ms": r.p99,
      requests: r.total,
      "CPU ms/req, servers": r.serversCpuMs.toFixed(2),
      "CPU ms/req, PostgreSQL": r.postgresCpuMs.toFixed(2),
    })),
  );
  const throughput = measured.map((m) => m.gateway.requestsPerSecond / m.one.requestsPerSecond);
  const p99 = measured.map((m) => m.gateway.p99 / m.one.p99);
  const cpu = measured.map(
    (m) =>
      (m.gateway.serversCpuMs + m.gateway.postgresCpuMs) /
      (m.one.serversCpuMs + m.one.postgresCpuMs),
  );
  const list = (values: number[]) => values.map((v) => v.toFixed(2)).join(", ");
  console.log(
    `gateway / one-process app, median of ${rounds} rounds: throughput ${median(throughput).toFixed(3)} (${list(throughput)}), p99 ${median(p99).toFixed(2)}× (${list(p99)})`,
  );
  console.log(
    `CPU per request, servers + PostgreSQL, gateway / one-process app: ${median(cpu).toFixed(2)}× (${list(cpu)})`,
  );
  console.log(
    `gateway / bare express throughput: ${(median(measured.map((m) => m.gateway.requestsPerSecond)) / bare.requestsPerSecond).toFixed(3)}`,
  );
} finally {
  stopAll();
  await new Promise((resolve) => setTimeout(resolve, 500));
  await dropDatabases(["slms_bench_assets", "slms_bench_gateway"]);
  await removeBrokerTopology("slms.bench.gateway", []).catch((error) =>
    console.error("broker clean-up failed:", error),
  );
}
