// Go-live import benchmark: a generated workbook of 10,000 units, 8,000 customers (valid resident
// ID numbers), 8,000 monthly leases each on its own unit with a deposit, 12,000 opening arrears
// and 8,000 deposits held → ValidateImport (the dry run) and CommitImport (waiting for the
// commit and its reconciliation) over gRPC, with the platform — assets, customers, contracts,
// billing, payments, onboarding — in this process on fresh databases and one in-process bus, as
// the onboarding tests run it (and as embedded mode does). In the same run, the baseline: a raw
// COPY of the same rows into plain tables of a scratch database. Reported: time and rows/s of
// each, this process's CPU time, its peak RSS (sampled every 100 ms) and its memory before and
// after (after a full GC), whether the reconciliation found no difference, and when the events
// the import announced were all delivered (waited for at most EVENTS_WAIT_S after the commit).
//
//   npm run bench:import     (UNITS=10000 by default, customers and leases 80 % of it; EVENTS_WAIT_S=60)
//   TRACE=1 npm run bench:import     (also: time by gRPC method and event consumer; slower)
import { loadavg } from "node:os";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { dropDatabases, recreateDatabases, samplePeak } from "../lib.ts";
import { copyBaseline } from "./copy-baseline.ts";
import { databaseNames, type Platform, startPlatform } from "./platform.ts";
import { startTracing } from "./trace.ts";
import { generateSite, rowCount, writeWorkbook } from "./workbook.ts";

const unitCount = Number(process.env.UNITS ?? 10_000);
const goLive = "2026-01-01";
const scratch = "slms_bench_import_copy";
const targetSeconds = 30;
/** How long to wait, after the commit answered, for its events to be delivered. */
const eventsWaitMs = Number(process.env.EVENTS_WAIT_S ?? 60) * 1000;

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const MiB = 1024 * 1024;
const seconds = (ms: number) => ms / 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};
/** RSS, V8 heap in use and memory outside it (buffers) after a full collection, MiB. */
const settledMemory = () => {
  gc();
  const { rss, heapUsed, external } = process.memoryUsage();
  return {
    rss: Math.round(rss / MiB),
    heap: Math.round(heapUsed / MiB),
    external: Math.round(external / MiB),
  };
};
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(", ");

let platform: Platform | undefined;
const tracing = process.env.TRACE === "1" ? startTracing() : null;
try {
  console.log(`load average at start: ${load()} (2 cores, shared)`);
  let started = performance.now();
  const site = generateSite(unitCount);
  const workbook = await writeWorkbook(site);
  const rows = rowCount(site);
  console.log(
    `generated ${site.units.length.toLocaleString()} units, ${site.customers.length.toLocaleString()} customers, ${site.leases.length.toLocaleString()} leases, ${site.arrears.length.toLocaleString()} arrears, ${site.deposits.length.toLocaleString()} deposits (${rows.toLocaleString()} rows): workbook ${(workbook.length / MiB).toFixed(1)} MiB in ${seconds(performance.now() - started).toFixed(1)} s`,
  );

  started = performance.now();
  platform = await startPlatform();
  const { onboarding, manager: caller, siteId } = platform;
  console.log(
    `platform started on fresh databases in ${seconds(performance.now() - started).toFixed(1)} s`,
  );

  const before = settledMemory();
  const sampleRss = () => samplePeak(() => process.memoryUsage().rss / MiB, 100);
  const sampleHeap = () => samplePeak(() => process.memoryUsage().heapUsed / MiB, 100);
  let rss = sampleRss();
  let heap = sampleHeap();

  // The dry run.
  let cpu = process.cpuUsage();
  started = performance.now();
  const { import: validated } = await onboarding.ValidateImport(
    { siteId, workbook, fileName: "bench.xlsx", goLiveDate: goLive },
    { caller },
  );
  const validateMs = performance.now() - started;
  const validateCpu = cpuSeconds(cpu);
  const validatePeakRss = Math.round(rss.stop());
  const validatePeakHeap = Math.round(heap.stop());
  rss = sampleRss();
  heap = sampleHeap();
  if (validated?.status !== "validated") {
    throw new Error(
      `the dry run answered ${validated?.status} with ${validated?.errorCount} errors: ${JSON.stringify(validated?.errors.slice(0, 5))}`,
    );
  }

  // The commit, waited for; meanwhile, when each step is done (its row, every 200 ms).
  const stepDone = new Map<string, number>();
  let committing = true;
  const progress = (async () => {
    while (committing) {
      await sleep(200);
      for (const step of await platform!.steps(validated.id)) {
        if (step.state === "done" && !stepDone.has(step.name))
          stepDone.set(step.name, performance.now() - started);
      }
    }
  })();
  cpu = process.cpuUsage();
  started = performance.now();
  const { import: done } = await onboarding
    .CommitImport({ siteId, importId: validated.id, wait: true }, { caller })
    .finally(() => {
      committing = false;
    });
  const commitMs = performance.now() - started;
  const commitCpu = cpuSeconds(cpu);
  await progress;
  if (done?.status !== "committed") {
    throw new Error(`the commit ended ${done?.status}: ${done?.error}`);
  }
  // What the import announced (units, leases activated, bills…) reaching its consumers
  // (billing builds each lease's schedule), waited for at most EVENTS_WAIT_S.
  let undelivered = await platform.undelivered();
  while (
    Object.keys(undelivered).length > 0 &&
    performance.now() - started < commitMs + eventsWaitMs
  ) {
    await sleep(250);
    undelivered = await platform.undelivered();
  }
  const deliveredMs = performance.now() - started;
  // The progress a site manager's screen polls: one GetImport of the committed import.
  started = performance.now();
  await onboarding.GetImport({ siteId, importId: validated.id }, { caller });
  const getImportMs = performance.now() - started;
  const commitPeakRss = Math.round(rss.stop());
  const commitPeakHeap = Math.round(heap.stop());
  const after = settledMemory();

  // The baseline.
  const { copy: scratchUrl } = await recreateDatabases({ copy: scratch });
  const baseline = await copyBaseline(scratchUrl, site);
  if (baseline.rows !== rows) throw new Error(`the baseline copied ${baseline.rows} rows`);

  console.log(
    `\nGo-live import of ${rows.toLocaleString()} rows into one site; the platform in one process, PostgreSQL beside it; 2 cores shared\n`,
  );
  const rate = (ms: number) => Math.round(rows / seconds(ms)).toLocaleString();
  const importMs = validateMs + commitMs;
  console.table([
    {
      what: "dry run (ValidateImport)",
      s: seconds(validateMs).toFixed(2),
      "rows/s": rate(validateMs),
      "CPU s (this process)": validateCpu.toFixed(2),
    },
    {
      what: "commit (CommitImport, wait)",
      s: seconds(commitMs).toFixed(2),
      "rows/s": rate(commitMs),
      "CPU s (this process)": commitCpu.toFixed(2),
    },
    {
      what: "dry run + commit",
      s: seconds(importMs).toFixed(2),
      "rows/s": rate(importMs),
      "CPU s (this process)": (validateCpu + commitCpu).toFixed(2),
    },
    {
      what: "baseline: raw COPY, same rows, 5 tables",
      s: seconds(baseline.ms).toFixed(2),
      "rows/s": rate(baseline.ms),
      "CPU s (this process)": "",
    },
  ]);
  let previous = 0;
  const steps = [...stepDone.entries()]
    .filter(([, at]) => at <= commitMs)
    .map(([name, at]) => {
      const row = {
        "commit step": name,
        "done at s": seconds(at).toFixed(1),
        "took s": seconds(at - previous).toFixed(1),
      };
      previous = at;
      return row;
    });
  steps.push({
    "commit step": "reconciliation (after the release)",
    "done at s": seconds(commitMs).toFixed(1),
    "took s": seconds(commitMs - previous).toFixed(1),
  });
  console.table(steps);
  console.log(`(steps seen every 200 ms; a step done within 200 ms of the last shows with it)`);
  console.log(`dry run + commit / raw COPY time: ${(importMs / baseline.ms).toFixed(1)}×`);
  const differences = done.differences;
  console.log(
    `reconciliation: ${differences.length === 0 ? "no difference (sheet totals = system totals)" : `${differences.length} differences: ${JSON.stringify(differences)}`}`,
  );
  console.log(
    Object.keys(undelivered).length === 0
      ? `events of the import all delivered ${seconds(deliveredMs - commitMs).toFixed(1)} s after the commit answered`
      : `events not yet delivered ${seconds(deliveredMs - commitMs).toFixed(0)} s after the commit answered (EVENTS_WAIT_S): ${JSON.stringify(undelivered)}`,
  );
  console.log(
    `one GetImport of the committed import (a progress poll): ${getImportMs.toFixed(0)} ms`,
  );
  console.log(
    `process RSS: peak ${validatePeakRss} MiB during the dry run, ${commitPeakRss} MiB during the commit and the events' delivery; ${before.rss} MiB before the dry run, ${after.rss} MiB after; V8 heap in use: peak ${validatePeakHeap} MiB during the dry run, ${commitPeakHeap} MiB during the commit and the events' delivery; after a full GC, V8 heap in use ${before.heap} → ${after.heap} MiB, outside the heap (buffers) ${before.external} → ${after.external} MiB`,
  );
  if (tracing) {
    console.log("\nTRACE=1: time by gRPC method served and by event consumer (spans overlap)");
    console.table(tracing.summary());
  }
  console.log(`load average at end: ${load()}`);
  console.log(
    `target dry run + commit ≤ ${targetSeconds} s: ${seconds(importMs) <= targetSeconds ? "met" : "MISSED"} (${seconds(importMs).toFixed(1)} s)`,
  );
} finally {
  await platform?.close();
  await tracing?.close();
  await dropDatabases([...Object.values(databaseNames), scratch]);
}
