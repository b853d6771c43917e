import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consoleRouter } from "../src/http/console.ts";

// The web console's build as the gateway serves it, from a directory shaped like apps/console/dist.
const dir = mkdtempSync(join(tmpdir(), "slms-console-"));
let server: Server;
let base: string;

beforeAll(async () => {
  mkdirSync(join(dir, "assets"));
  writeFileSync(join(dir, "index.html"), "<!doctype html><title>SLMS</title>");
  writeFileSync(join(dir, "assets", "index-abc123.js"), "console.log(1)");
  const app = express();
  app.get("/api/v1/thing", (_req, res) => {
    res.json({ ok: true });
  });
  app.use(consoleRouter(dir)!);
  app.use((_req, res) => {
    res.status(404).json({ error: { code: "not_found" } });
  });
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});

afterAll(() => {
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the console as the gateway serves it", () => {
  it("answers every screen's path with index.html, not cached, under a CSP", async () => {
    for (const path of [
      "/",
      "/login",
      "/sites/sit_1/units",
      "/hq/dashboard",
      "/sites/sit_1/leases/new",
    ]) {
      const response = await fetch(base + path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/html/);
      expect(response.headers.get("cache-control")).toBe("no-cache");
      const csp = response.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(await response.text()).toContain("<title>SLMS</title>");
    }
  });

  it("serves hashed assets for a year, and a missing file as a 404", async () => {
    const asset = await fetch(`${base}/assets/index-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    for (const path of ["/assets/gone-123.js", "/favicon.ico", "/sites/x/report.pdf"]) {
      expect((await fetch(base + path)).status, path).toBe(404);
    }
  });

  it("leaves the API's paths to the API, unknown ones included", async () => {
    expect(await (await fetch(`${base}/api/v1/thing`)).json()).toEqual({ ok: true });
    const unknown = await fetch(`${base}/api/v1/nothing-here`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toMatch(/json/);
    expect((await fetch(`${base}/api`)).status).toBe(404);
  });

  it("does not serve files outside its directory", async () => {
    for (const path of [
      "/..%2f..%2fetc%2fpasswd",
      "/assets/..%2f..%2f..%2fetc%2fpasswd",
      "/%2e%2e/%2e%2e/etc/passwd",
    ]) {
      const response = await fetch(base + path);
      expect(await response.text(), path).not.toContain("root:");
    }
  });

  it("is not mounted without a build", () => {
    expect(consoleRouter(join(dir, "assets"))).toBeNull();
  });
});
