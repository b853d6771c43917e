// Embedded mode as a user meets it: `npm start` on a fresh data directory, again on the same
// one, and with the demo seed — time until /readyz, resident memory once idle, data on disk.
// Baseline from the same run: one bare PGlite (the embedded PostgreSQL) created on a fresh
// directory in a process of its own, the floor any embedded platform pays.
//
//   npm run bench:embedded
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root } from "../lib.ts";

const mib = (kb: number) => Math.round(kb / 1024);

function rssKb(pid: number): number {
  const match = readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+) kB/m);
  return match ? Number(match[1]) : Number.NaN;
}

const diskMiB = (dir: string) =>
  Math.round(Number(execFileSync("du", ["-sb", dir]).toString().split("\t")[0]) / 1024 / 1024);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

interface Run {
  readyMs: number;
  /** Highest RSS seen (sampled every 50 ms) until ready — with the seed, while seeding. */
  peakRssMiB: number;
  idleRssMiB: number;
  child: ChildProcess;
}

/** The node arguments of the `start` script in package.json (`node <flags…> <script> start`). */
const startArguments = (
  JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: { start: string } }
).scripts.start
  .split(" ")
  .slice(1);

/**
 * `npm start` (the script it runs, exec'd so this process sees its pid) until /readyz — and,
 * with the demo seed, until its `SLMS ready` line shows the seed done.
 */
async function npmStart(dataDir: string, env: Record<string, string> = {}): Promise<Run> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, startArguments, {
    cwd: root,
    env: {
      ...process.env,
      SLMS_DATA_DIR: dataDir,
      PORT: String(port),
      HOST: "127.0.0.1",
      SLMS_ADMIN_PASSWORD: "bench-admin-password",
      LOG_LEVEL: "warn",
      // Node's compile cache of this run only: empty for the first start, as on a new machine.
      NODE_COMPILE_CACHE: compileCache,
      ...env,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const seeding = env.SLMS_SEED_DEMO === "true";
  let peakKb = 0;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
    peakKb = Math.max(peakKb, rssKb(child.pid!));
    const ok =
      // The banner's line at a terminal; the `SLMS ready` JSON line's `demo` field when piped.
      (!seeding || output.includes("Demo data:") || output.includes('"demo":{')) &&
      (await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.ok,
        () => false,
      ));
    if (ok) break;
    await sleep(50);
  }
  const readyMs = Math.round(performance.now() - started);
  await sleep(30_000); // idle: background jobs and Wasm tier-up compilation settle
  return { readyMs, peakRssMiB: mib(peakKb), idleRssMiB: mib(rssKb(child.pid!)), child };
}

async function stop(run: Run): Promise<void> {
  const exited = new Promise((resolve) => run.child.once("exit", resolve));
  run.child.kill("SIGTERM");
  await exited;
}

/** Baseline: one PGlite created on a fresh directory, in a process of its own. */
function barePglite(dir: string): { createMs: number; rssMiB: number } {
  const script = `
    import { PGlite } from "@electric-sql/pglite";
    const t = performance.now();
    const db = await PGlite.create({ dataDir: ${JSON.stringify(dir)} });
    await db.query("select 1");
    const ms = Math.round(performance.now() - t);
    const rss = Math.round(process.memoryUsage().rss / 1048576);
    await db.close();
    console.log(JSON.stringify({ createMs: ms, rssMiB: rss }));`;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: join(root, "packages/db"),
  });
  return JSON.parse(out.toString().trim().split("\n").at(-1)!);
}

const work = mkdtempSync(join(tmpdir(), "slms-bench-embedded-"));
const compileCache = join(work, "compile-cache");
try {
  const bare = barePglite(join(work, "bare"));
  const dir = join(work, "data");
  const fresh = await npmStart(dir);
  await stop(fresh);
  const emptyDisk = diskMiB(dir);
  const again = await npmStart(dir);
  await stop(again);
  const seededDir = join(work, "seeded");
  const seeded = await npmStart(seededDir, { SLMS_SEED_DEMO: "true" });
  await stop(seeded);
  const rows = [
    ["baseline: one bare PGlite, fresh dir", `${bare.createMs} ms`, "", `${bare.rssMiB} MiB`, ""],
    [
      "npm start, fresh data dir (cold compile cache)",
      `${fresh.readyMs} ms`,
      `${fresh.peakRssMiB} MiB`,
      `${fresh.idleRssMiB} MiB`,
      `${emptyDisk} MiB`,
    ],
    [
      "npm start, existing data dir (warm cache)",
      `${again.readyMs} ms`,
      `${again.peakRssMiB} MiB`,
      `${again.idleRssMiB} MiB`,
      "",
    ],
    [
      "npm start, fresh + demo seed",
      `${seeded.readyMs} ms`,
      `${seeded.peakRssMiB} MiB`,
      `${seeded.idleRssMiB} MiB`,
      `${diskMiB(seededDir)} MiB`,
    ],
  ];
  console.log(
    "\nembedded platform (time to /readyz, highest RSS until then, RSS 30 s after, data dir on disk)",
  );
  console.table(
    rows.map(([what, ready, peak, rss, disk]) => ({
      what,
      ready,
      "RSS peak": peak,
      "RSS idle": rss,
      "data dir": disk,
    })),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
