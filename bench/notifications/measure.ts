// What the notifications benchmark measures with: latency spreads, CPU time from /proc, waiting
// for a count to reach its target, and running a baseline process to its end.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { deployedNodeOptions, root } from "../lib.ts";

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** p50/p95/max of durations in ms, as seconds. */
export function spread(durations: number[]) {
  const sorted = [...durations].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
  const s = (ms: number) => (ms / 1000).toFixed(2);
  return { p50: s(at(0.5)), p95: s(at(0.95)), max: s(sorted.at(-1)!) };
}

/** CPU seconds a process has used (Linux: utime + stime in /proc/<pid>/stat, 100 ticks a second). */
export function cpuSeconds(pid: number) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The machine's busy and total CPU time so far, in ticks (Linux: /proc/stat). */
export function machineTicks() {
  const [, ...ticks] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = ticks.slice(0, 8).map(Number);
  const busy = user! + nice! + system! + irq! + softirq! + steal!;
  return { busy, total: busy + idle! + iowait! };
}

/**
 * Waits until `count()` reaches `target`, failing when it has not moved for `stallMs` or the
 * service exited.
 */
export async function waitForCount(
  what: string,
  count: () => number | Promise<number>,
  target: number,
  options: { stallMs: number; service?: ChildProcess },
) {
  let last = -1;
  let changed = Date.now();
  for (;;) {
    const n = await count();
    if (n >= target) return;
    if (options.service && options.service.exitCode !== null) {
      throw new Error(`the service exited during ${what}`);
    }
    if (n !== last) [last, changed] = [n, Date.now()];
    else if (Date.now() - changed > options.stallMs) {
      throw new Error(`${what}: stuck at ${n} of ${target} for ${options.stallMs / 1000} s`);
    }
    await sleep(50);
  }
}

/**
 * Runs a script as its own process to its end, with the services' deployed Node flags (so peak
 * RSS compares like with like), answering its last line of output.
 */
export function runToEnd(script: string, env: Record<string, string>): Promise<string> {
  const flags = deployedNodeOptions().split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...flags, script], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  return new Promise((resolve, reject) =>
    child.on("exit", (code) =>
      code === 0
        ? resolve(output.trim().split("\n").at(-1) ?? "")
        : reject(new Error(`${script} exited with ${code}`)),
    ),
  );
}
