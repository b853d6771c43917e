// What the fault scenarios share: service processes started as they are deployed (bench/lib.ts's
// Node flags), the machine's RabbitMQ stopped and started with rabbitmqctl, and the table each
// scenario prints. Every scenario uses its own databases, exchange and queues.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { basename } from "node:path";
import { promisify } from "node:util";
import amqp from "amqplib";
import { deployedNodeOptions, rabbitUrl, root } from "../bench/lib.ts";

export { rabbitUrl };

const run = promisify(execFile);
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const seconds = (ms: number) => Number((ms / 1000).toFixed(2));

/** A service process the scenario started (and alone may end). */
export interface ServiceProcess {
  child: ChildProcess;
  /** The gRPC port it logged (`GRPC_PORT=0` lets the system pick). */
  port: number;
  /** Everything it wrote to stdout so far. */
  output(): string;
}

/**
 * Starts `script` (relative to the repository) with the Node flags of its deployment, resolving
 * once it logs `readyLine`; the port is read from that log line's `port` field. With
 * `FAULT_LOG_DIR` set, its stdout is also written to `<dir>/<script name>.<pid>.log`.
 */
export function startService(
  script: string,
  env: Record<string, string>,
  readyLine: RegExp,
): Promise<ServiceProcess> {
  const flags = deployedNodeOptions().split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...flags, script], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  const logDir = process.env.FAULT_LOG_DIR;
  if (logDir) {
    child.stdout!.pipe(createWriteStream(`${logDir}/${basename(script, ".ts")}.${child.pid}.log`));
  }
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split("\n").find((l) => readyLine.test(l));
      if (line) {
        const port = Number((JSON.parse(line) as { port?: number }).port ?? 0);
        resolve({ child, port, output: () => output });
      }
    });
    child.on("exit", (code, signal) =>
      reject(new Error(`${script} exited (${code ?? signal}) before it was ready:\n${output}`)),
    );
  });
}

/** Sends `signal` to a process this suite started and waits until it is gone. */
export async function stopProcess(
  child: ChildProcess,
  signal: NodeJS.Signals = "SIGTERM",
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill(signal);
  await exited;
}

export async function rabbitmqctl(...args: string[]): Promise<string> {
  const { stdout } = await run("rabbitmqctl", ["-q", ...args], { timeout: 120_000 });
  return stdout;
}

/** Waits until the broker takes AMQP connections again (after `start_app`). */
export async function brokerAccepts(timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const connection = await amqp.connect(rabbitUrl);
      await connection.close();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(200);
    }
  }
}

/**
 * Stops the RabbitMQ application (`rabbitmqctl stop_app`: the node stays, every connection
 * drops), keeps it down `downMs`, and starts it again — always, even when the scenario fails
 * meanwhile. Resolves with when `start_app` returned (performance.now()).
 */
export async function brokerOutage(
  downMs: number,
): Promise<{ stoppedAt: number; startedAt: number }> {
  let stoppedAt = Number.NaN;
  try {
    await rabbitmqctl("stop_app");
    stoppedAt = performance.now();
    await sleep(downMs);
  } finally {
    await rabbitmqctl("start_app");
  }
  return { stoppedAt, startedAt: performance.now() };
}

/** One row of a scenario's table. */
export interface FaultRow {
  scenario: string;
  expected: number;
  found: number;
  lost: number;
  duplicated: number;
  /** Seconds from the fault's end to the system having caught up. */
  recoverS: number;
  /** What else is worth seeing (e.g. redeliveries that an inbox absorbs). */
  note?: string;
}

export function report(rows: FaultRow[]): void {
  console.table(
    rows.map((r) => ({
      scenario: r.scenario,
      "effects expected": r.expected,
      "effects found": r.found,
      lost: r.lost,
      duplicated: r.duplicated,
      "time to recover (s)": r.recoverS,
      ...(r.note ? { note: r.note } : {}),
    })),
  );
}

/** Reads every message of a queue (acking none: the queue is deleted afterwards). */
export async function drainQueue(queue: string): Promise<Buffer[]> {
  const connection = await amqp.connect(rabbitUrl);
  try {
    const channel = await connection.createChannel();
    const { messageCount } = await channel.checkQueue(queue);
    const bodies: Buffer[] = [];
    await channel.prefetch(5_000);
    await new Promise<void>((resolve, reject) => {
      if (messageCount === 0) return resolve();
      channel
        .consume(queue, (message) => {
          if (!message) return;
          bodies.push(message.content);
          channel.ack(message);
          if (bodies.length >= messageCount) resolve();
        })
        .catch(reject);
    });
    return bodies;
  } finally {
    await connection.close();
  }
}

/** How many messages wait in a queue (0 when the broker cannot be asked). */
export async function queueDepth(channel: amqp.Channel, queue: string): Promise<number> {
  return (await channel.checkQueue(queue)).messageCount;
}
