// What the benchmarks share: service processes started in infrastructure mode, and throwaway
// databases on the machine's PostgreSQL.
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, readdirSync, readFileSync } from "node:fs";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import amqp from "amqplib";
import pg from "pg";

export const root = fileURLToPath(new URL("..", import.meta.url));
export const adminUrl =
  process.env.DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
export const rabbitUrl = process.env.RABBITMQ_URL ?? "amqp://guest:guest@127.0.0.1:5672";

const children: ChildProcess[] = [];

/**
 * The Node flags every server runs with in Kubernetes (deploy/k8s/base/patches/node-heap.yaml):
 * services are measured as they are deployed.
 */
export function deployedNodeOptions(): string {
  const patch = readFileSync(`${root}/deploy/k8s/base/patches/node-heap.yaml`, "utf8");
  const value = /name: NODE_OPTIONS\s+value: "([^"]*)"/.exec(patch)?.[1];
  if (value === undefined) throw new Error("node-heap.yaml sets no NODE_OPTIONS value");
  return value;
}

/**
 * Starts `script` (relative to the repository) with Node, resolving once stdout matches. Services
 * (`services/…`) get the Node flags of their deployment, or `BENCH_SERVICE_NODE_OPTIONS` when set
 * (e.g. `--trace-gc`); the baselines get none. With `BENCH_LOG_DIR` set, the process's stdout is
 * also written to `<dir>/<script name>.<pid>.log`.
 */
export function start(
  script: string,
  env: Record<string, string>,
  readyLine: RegExp,
): Promise<ChildProcess> {
  const nodeOptions = script.startsWith("services/")
    ? (process.env.BENCH_SERVICE_NODE_OPTIONS ?? deployedNodeOptions())
    : "";
  const flags = nodeOptions.split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...flags, script], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  const logDir = process.env.BENCH_LOG_DIR;
  if (logDir) {
    child.stdout!.pipe(createWriteStream(`${logDir}/${basename(script, ".ts")}.${child.pid}.log`));
  }
  return new Promise((resolve, reject) => {
    // Until ready, the output is kept (to find the line, and to show if the process exits).
    // Then it is only drained: kept and searched whole on every chunk, a server's access log
    // made the benchmark's own process (which also runs the load) slower with every request,
    // and a pipe read late blocks the server's writes to it.
    let output = "";
    let ready = false;
    child.stdout!.on("data", (chunk: Buffer) => {
      if (ready) return;
      output += chunk.toString();
      if (readyLine.test(output)) {
        ready = true;
        resolve(child);
      }
    });
    child.on("exit", (code) => reject(new Error(`${script} exited with ${code}:\n${output}`)));
  });
}

/** SIGTERM to every process `start` began. */
export function stopAll(): void {
  for (const child of children) child.kill("SIGTERM");
}

/** Peak resident set size of a running process, in MiB (Linux). */
export function peakRssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmHWM:\s+(\d+) kB/m);
  return line ? Math.round(Number(line[1]) / 1024) : Number.NaN;
}

/** The pids of all PostgreSQL processes running now. */
const postgresPids = () =>
  readdirSync("/proc").filter((pid) => {
    if (!/^\d+$/.test(pid)) return false;
    try {
      return readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "postgres";
    } catch {
      return false;
    }
  });

/**
 * Memory of the machine's PostgreSQL: the proportional set size of every `postgres` process,
 * summed, in MiB (Linux), so shared buffers count once, not once per backend.
 */
export function postgresPssMiB(): number {
  let kB = 0;
  for (const pid of postgresPids()) {
    try {
      kB += Number(
        /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"))?.[1],
      );
    } catch {
      // the process ended meanwhile
    }
  }
  return Math.round(kB / 1024);
}

/** CPU seconds (user + system) each process has used so far, by pid (Linux, 100 ticks/s). */
function cpuSecondsOf(pids: Iterable<string>): Map<string, number> {
  const used = new Map<string, number>();
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      used.set(pid, (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // the process ended meanwhile
    }
  }
  return used;
}

/**
 * Counts the CPU time the given processes and all of PostgreSQL's use from now until `stop()`,
 * which answers it in seconds: the servers' own figure, `postgres` PostgreSQL's (a backend
 * started meanwhile counts whole).
 */
export function cpuMeter(pids: number[]): { stop(): { servers: number; postgres: number } } {
  const servers = pids.map(String);
  const before = cpuSecondsOf([...servers, ...postgresPids()]);
  const spent = (now: Map<string, number>, which: (pid: string) => boolean) => {
    let sum = 0;
    for (const [pid, seconds] of now) if (which(pid)) sum += seconds - (before.get(pid) ?? 0);
    return sum;
  };
  return {
    stop() {
      const now = cpuSecondsOf([...servers, ...postgresPids()]);
      return {
        servers: spent(now, (pid) => servers.includes(pid)),
        postgres: spent(now, (pid) => !servers.includes(pid)),
      };
    },
  };
}

/** Calls `measure` every `everyMs` until `stop()`, which returns the largest value seen. */
export function samplePeak(measure: () => number, everyMs = 250): { stop(): number } {
  let peak = measure();
  const timer = setInterval(() => {
    peak = Math.max(peak, measure());
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, measure());
    },
  };
}

/** Drops and creates each database, returning their URLs. */
export async function recreateDatabases<K extends string>(
  names: Record<K, string>,
): Promise<Record<K, string>> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  const urls = {} as Record<K, string>;
  try {
    for (const [key, name] of Object.entries(names) as [K, string][]) {
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.query(`CREATE DATABASE ${name}`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      urls[key] = url.toString();
    }
  } finally {
    await client.end();
  }
  return urls;
}

/** Drops the databases (after a run). */
export async function dropDatabases(names: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (const name of names) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/**
 * Deletes what a benchmark's services declared on the broker for `exchange` (the exchange, its
 * dead-letter and unrouted exchanges and queue) and the given queues.
 */
export async function removeBrokerTopology(exchange: string, queues: string[]): Promise<void> {
  const connection = await amqp.connect(rabbitUrl);
  try {
    const channel = await connection.createChannel();
    for (const queue of [...queues, `${exchange}.unrouted`]) await channel.deleteQueue(queue);
    for (const name of [exchange, `${exchange}.dlx`, `${exchange}.unrouted`]) {
      await channel.deleteExchange(name);
    }
  } finally {
    await connection.close();
  }
}
