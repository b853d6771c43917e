import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { findSamples, scrapeMetrics, waitFor } from "@slms/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Starts the platform as a user does — the root package.json's `start` script, run the way npm
// runs it (repository root as working directory, node_modules/.bin first on PATH, so Node 24),
// embedded mode, a fresh data directory — and uses it over HTTP like a client would. The
// script is exec'd rather than run under npm so that SIGTERM reaches the platform itself, as it
// does in a container, and its exit code can be checked.

const root = fileURLToPath(new URL("../../..", import.meta.url));
const startScript: string = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).scripts
  .start;
const dataDir = mkdtempSync(join(tmpdir(), "slms-embedded-"));
const password = "embedded-admin-1";
let port: number;
let baseUrl: string;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

interface Started {
  child: ChildProcess;
  output: () => string;
  /** What it wrote on stderr. */
  errors: () => string;
  exited: Promise<number | null>;
  readyMs: number;
}

async function npmStart(logLevel = "info"): Promise<Started> {
  const started = Date.now();
  const child = spawn("sh", ["-c", `exec ${startScript}`], {
    cwd: root,
    env: {
      ...process.env,
      PATH: `${join(root, "node_modules/.bin")}:${process.env.PATH}`,
      PORT: String(port),
      HOST: "127.0.0.1",
      SLMS_DATA_DIR: dataDir,
      SLMS_ADMIN_EMAIL: "admin@embedded.test",
      SLMS_ADMIN_PASSWORD: password,
      LOG_LEVEL: logLevel,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let errors = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    errors += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  await waitFor(
    async () => {
      if (child.exitCode !== null)
        throw new Error(`npm start exited early (${child.exitCode}):\n${output}`);
      return fetch(`${baseUrl}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
    },
    // How fast it starts is measured by bench/ (see docs/operations.md), not asserted here: on a
    // busy 2-core machine running the whole suite a start takes several times longer.
    { timeoutMs: 150_000, intervalMs: 100, description: "the platform to become ready" },
  );
  return {
    child,
    output: () => output,
    errors: () => errors,
    exited,
    readyMs: Date.now() - started,
  };
}

async function call(method: string, path: string, token?: string, body?: unknown) {
  const response = await fetch(baseUrl + path, {
    method,
    headers: {
      "content-type": "application/json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies are checked by the tests
  return { status: response.status, body: (await response.json()) as any };
}

async function login() {
  const response = await call("POST", "/api/v1/auth/login", undefined, {
    email: "admin@embedded.test",
    password,
  });
  expect(response.status).toBe(200);
  return response.body.accessToken as string;
}

async function stop(started: Started) {
  started.child.kill("SIGTERM");
  return started.exited;
}

let first: Started | undefined;

beforeAll(async () => {
  port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  if (first && first.child.exitCode === null) await stop(first);
  rmSync(dataDir, { recursive: true, force: true });
});

describe("the start script (embedded mode)", () => {
  it("becomes ready, serves login → create site → create unit → list units, and stops cleanly", async () => {
    first = await npmStart();
    console.info(`embedded start on a fresh data directory: ready after ${first.readyMs} ms`);
    const token = await login();
    const site = await call("POST", "/api/v1/sites", token, {
      code: "EMB-1",
      name: "Embedded Plaza",
      kind: "retail",
      timeZone: "Asia/Shanghai",
      currency: "CNY",
    });
    expect(site.status).toBe(201);
    const unit = await call("POST", `/api/v1/sites/${site.body.id}/units`, token, {
      code: "L1-01",
      name: "Shop L1-01",
      kind: "shop",
      grossAreaM2: 48.5,
      listRentMonthlyMinor: 1_250_000,
    });
    expect(unit.status).toBe(201);
    const list = await call("GET", `/api/v1/sites/${site.body.id}/units?limit=50`, token);
    expect(list.status).toBe(200);
    expect(list.body.items.map((u: { code: string }) => u.code)).toEqual(["L1-01"]);

    // The web console, at the root and at any screen's path, with its script.
    for (const path of ["/", `/sites/${site.body.id}/units`]) {
      const page = await fetch(baseUrl + path);
      expect(page.status, path).toBe(200);
      const html = await page.text();
      const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
      expect(script, path).toBeDefined();
      expect((await fetch(baseUrl + script)).headers.get("content-type")).toMatch(/javascript/);
    }
    // Not a terminal: the banner's facts come as a JSON line; every stdout line is JSON but npm's
    // own `> slms@… start` header.
    expect(first.output()).toContain(`"consoleUrl":"http://localhost:${port}/"`);
    const lines = first.output().split("\n");
    const notJson = lines.filter((l) => l !== "" && !l.startsWith("> ") && !l.startsWith("{"));
    expect(notJson).toEqual([]);

    // One process, every service: each series says which service it is about.
    const samples = await scrapeMetrics(`${baseUrl}/metrics`);
    expect(
      findSamples(samples, "http_server_request_duration_seconds_count", {
        service: "gateway",
        http_route: "/api/v1/sites/:siteId/units",
        http_request_method: "POST",
      }),
    ).toHaveLength(1);
    expect(
      findSamples(samples, "rpc_server_duration_seconds_count", {
        service: "assets",
        rpc_method: "CreateUnit",
      }),
    ).toHaveLength(1);
    expect(
      findSamples(samples, "rpc_client_duration_seconds_count", {
        service: "gateway",
        rpc_method: "CreateUnit",
      }),
    ).toHaveLength(1);
    expect(findSamples(samples, "nodejs_heap_used_bytes", { service: "slms" })).toHaveLength(1);

    expect(await stop(first)).toBe(0);
    expect(first.output()).toContain("shutdown complete");
    // Nothing but JSON log lines on stderr (no pg deprecation warning), in fact nothing at all.
    expect(first.errors()).toBe("");
  }, 240_000);

  it("keeps its data across a restart on the same data directory", async () => {
    // Quieter logs: the ready line (URLs, a generated admin password) is written all the same.
    const second = await npmStart("warn");
    try {
      const ready = await waitFor(() =>
        second
          .output()
          .split("\n")
          .find((line) => line.includes('"msg":"SLMS ready"')),
      );
      expect(JSON.parse(ready)).toMatchObject({ port, apiUrl: expect.any(String) });
      const token = await login();
      const sites = await call("GET", "/api/v1/sites", token);
      expect(sites.body.items.map((s: { code: string }) => s.code)).toEqual(["EMB-1"]);
      const units = await call("GET", `/api/v1/sites/${sites.body.items[0].id}/units`, token);
      expect(units.body.items).toHaveLength(1);
    } finally {
      expect(await stop(second)).toBe(0);
    }
  }, 240_000);
});
