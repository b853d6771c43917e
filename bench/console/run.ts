/// <reference lib="dom" />
// Web console benchmark: what a browser downloads (JavaScript gzipped: first load and each
// screen) and how long the units board of a 1,000-unit site takes to render in Debian's Chromium,
// against a baseline measured in the same run — the same units fetched with the same requests and
// drawn as plain DOM buttons by a few lines of script, no React or Ant Design.
//
//   npm run bench:console              (RUNS=5 by default)
//
// The platform is the one the console's end-to-end tests use (every service in this process on
// fresh databases of the machine's PostgreSQL, the gateway serving the console's build).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { builtConsole, launchBrowser } from "../../apps/console/test/browser.ts";
import { ADMIN, startHarness } from "../../services/gateway/test/harness.ts";

const runs = Number(process.env.RUNS ?? 5);
const UNITS = 1_000;
const KiB = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Gzipped JavaScript: everything, what `index.html` loads first, and the largest screen chunk. */
function bundleFigures(dist: string) {
  const assets = join(dist, "assets");
  const gz = new Map<string, number>();
  for (const name of readdirSync(assets).filter((n) => n.endsWith(".js")))
    gz.set(name, gzipSync(readFileSync(join(assets, name)), { level: 9 }).length);
  const html = readFileSync(join(dist, "index.html"), "utf8");
  const first = [...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]!);
  const firstBytes = first.reduce((sum, name) => sum + (gz.get(name) ?? 0), 0);
  const total = [...gz.values()].reduce((a, b) => a + b, 0);
  const screens = [...gz.entries()]
    .filter(([name]) => !first.includes(name))
    .sort((a, b) => b[1] - a[1]);
  return { files: gz.size, total, firstBytes, largest: screens[0] };
}

const dist = builtConsole();
const bundle = bundleFigures(dist);
console.log(
  `bundle: ${bundle.files} JS files, ${KiB(bundle.total)} gzipped in all; first load ${KiB(bundle.firstBytes)} (budget 1024 KiB); largest screen chunk ${bundle.largest?.[0]} ${KiB(bundle.largest?.[1] ?? 0)}`,
);

const h = await startHarness("bench_console", { consoleDir: dist, apiRateLimitPerMinute: 0 });
const browser = await launchBrowser();
try {
  const admin = await h.login(ADMIN.email, ADMIN.password);
  const site = await h.api("POST", "/api/v1/sites", {
    token: admin,
    body: {
      code: "BENCH",
      name: "Bench",
      kind: "residential",
      timeZone: "Asia/Shanghai",
      currency: "CNY",
    },
  });
  const siteId: string = site.body.id;
  const buildings: string[] = [];
  for (const code of ["A", "B", "C", "D"]) {
    const building = await h.api("POST", `/api/v1/sites/${siteId}/buildings`, {
      token: admin,
      body: { code, name: `Block ${code}`, floors: 25 },
    });
    buildings.push(building.body.id);
  }
  const made = Date.now();
  for (let start = 0; start < UNITS; start += 20) {
    await Promise.all(
      Array.from({ length: 20 }, (_, k) => {
        const i = start + k;
        const floor = 1 + (Math.floor(i / 10) % 25);
        return h.api("POST", `/api/v1/sites/${siteId}/units`, {
          token: admin,
          body: {
            code: `${"ABCD"[i % 4]}-${floor}${String(i).padStart(4, "0")}`,
            name: `Flat ${i}`,
            kind: "apartment",
            buildingId: buildings[i % 4],
            floor: String(floor),
            grossAreaM2: 80,
            listRentMonthlyMinor: 500_000,
          },
        });
      }),
    );
  }
  console.log(`setup: ${UNITS} units made in ${((Date.now() - made) / 1000).toFixed(1)} s`);

  const session = await h.api("POST", "/api/v1/auth/login", { body: ADMIN });
  const context = await browser.newContext({
    viewport: { width: 1366, height: 768 },
    baseURL: h.baseUrl,
  });
  await context.addInitScript(
    (tokens) => {
      sessionStorage.setItem("slms.session", tokens);
      localStorage.setItem("slms.language", "en");
    },
    JSON.stringify({
      accessToken: session.body.accessToken,
      refreshToken: session.body.refreshToken,
    }),
  );
  const page = await context.newPage();

  // The console: navigation to every one of the 1,000 tiles in the DOM.
  const consoleMs: number[] = [];
  const renderMs: number[] = [];
  const unitsFetchedMs: number[] = [];
  await page.goto(`/sites/${siteId}/units`);
  await page.waitForFunction((n) => document.querySelectorAll(".board-unit").length === n, UNITS, {
    timeout: 60_000,
  });
  for (let run = 0; run < runs; run++) {
    await page.reload();
    await page.waitForFunction(
      (n) => document.querySelectorAll(".board-unit").length === n,
      UNITS,
      { timeout: 60_000 },
    );
    const timing = await page.evaluate(() => {
      const now = performance.now();
      const units = performance
        .getEntriesByType("resource")
        .filter((entry) => /\/units\?/.test(entry.name)) as PerformanceResourceTiming[];
      const fetched = Math.max(...units.map((entry) => entry.responseEnd));
      return { now, fetched };
    });
    consoleMs.push(timing.now);
    unitsFetchedMs.push(timing.fetched);
    renderMs.push(timing.now - timing.fetched);
  }

  // The baseline: a blank page of the same origin fetching the same pages and drawing buttons.
  const baselineMs: number[] = [];
  for (let run = 0; run < runs; run++) {
    await page.goto("/api/v1/openapi.json");
    const ms = await page.evaluate(
      async ({ siteId, token }) => {
        const started = performance.now();
        document.body.innerHTML = "";
        const units: { code: string; status: string }[] = [];
        let cursor = "";
        do {
          const response = await fetch(
            `/api/v1/sites/${siteId}/units?limit=500${cursor ? `&cursor=${cursor}` : ""}`,
            { headers: { Authorization: `Bearer ${token}` } },
          );
          const page = (await response.json()) as {
            items: { code: string; status: string }[];
            nextCursor: string | null;
          };
          units.push(...page.items);
          cursor = page.nextCursor ?? "";
        } while (cursor);
        const fragment = document.createDocumentFragment();
        for (const unit of units) {
          const button = document.createElement("button");
          button.textContent = unit.code;
          button.dataset.status = unit.status;
          fragment.append(button);
        }
        document.body.append(fragment);
        document.body.getBoundingClientRect();
        return performance.now() - started;
      },
      { siteId, token: session.body.accessToken },
    );
    baselineMs.push(ms);
  }
  const c = median(consoleMs);
  const b = median(baselineMs);
  console.log(
    `units board, ${UNITS} units, median of ${runs}: console ${c.toFixed(0)} ms from navigation (budget 1000 ms) · baseline (fetch + plain DOM) ${b.toFixed(0)} ms · ratio ${(c / b).toFixed(2)}×`,
  );
  console.log(
    `  of which: units fetched at ${median(unitsFetchedMs).toFixed(0)} ms, then drawn in ${median(renderMs).toFixed(0)} ms (from the last units response to 1,000 tiles in the DOM)`,
  );
  console.log(
    `  console runs: ${consoleMs.map((v) => v.toFixed(0)).join(", ")} ms; baseline runs: ${baselineMs.map((v) => v.toFixed(0)).join(", ")} ms`,
  );
} finally {
  await browser.close();
  await h.close();
}
