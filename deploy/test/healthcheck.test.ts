// The container healthcheck (deploy/src/healthcheck.ts) against real servers on loopback: an HTTP
// server and a gRPC server with the standard health service.
import { execFile } from "node:child_process";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import { Server, ServerCredentials } from "@grpc/grpc-js";
import { HealthImplementation } from "grpc-health-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probe } from "../src/index.ts";
import { deployDir } from "./lib/kustomize.ts";

const run = promisify(execFile);

let http: HttpServer;
let httpBase = "";
let grpc: Server;
let grpcTarget = "";
/** A loopback port nothing listens on (bound, then released). */
let closedPort = 0;

beforeAll(async () => {
  http = createServer((req, res) => {
    res.statusCode = req.url === "/readyz" ? 200 : 503;
    res.end(req.url);
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  httpBase = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

  grpc = new Server();
  new HealthImplementation({
    "": "SERVING",
    "slms.assets.v1.AssetsService": "NOT_SERVING",
  }).addToServer(grpc);
  const port = await new Promise<number>((resolve, reject) =>
    grpc.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (e, p) =>
      e ? reject(e) : resolve(p),
    ),
  );
  grpcTarget = `127.0.0.1:${port}`;

  const spare = createServer();
  await new Promise<void>((resolve) => spare.listen(0, "127.0.0.1", resolve));
  closedPort = (spare.address() as AddressInfo).port;
  await new Promise((resolve) => spare.close(resolve));
});

afterAll(async () => {
  await new Promise((resolve) => http.close(resolve));
  await new Promise<void>((resolve) => grpc.tryShutdown(() => resolve()));
});

describe("probe", () => {
  it("is healthy when an HTTP endpoint answers 2xx, unhealthy otherwise", async () => {
    expect(await probe(`${httpBase}/readyz`)).toEqual({
      healthy: true,
      detail: `${httpBase}/readyz answered 200`,
    });
    expect((await probe(`${httpBase}/other`)).healthy).toBe(false);
    expect((await probe(`http://127.0.0.1:${closedPort}/readyz`, 1_000)).healthy).toBe(false);
  });

  it("asks the gRPC health service, for the server or for one service", async () => {
    expect(await probe(`grpc://${grpcTarget}`)).toEqual({
      healthy: true,
      detail: `${grpcTarget} (server) is SERVING`,
    });
    const notServing = await probe(`grpc://${grpcTarget}/slms.assets.v1.AssetsService`);
    expect(notServing).toEqual({
      healthy: false,
      detail: `${grpcTarget} slms.assets.v1.AssetsService is NOT_SERVING`,
    });
    const unknown = await probe(`grpc://${grpcTarget}/no.such.Service`);
    expect(unknown.healthy).toBe(false);
    expect(unknown.detail).toMatch(/NOT_FOUND/);
  });

  it("gives up on an unreachable gRPC server within the timeout", async () => {
    const started = Date.now();
    const result = await probe(`grpc://127.0.0.1:${closedPort}`, 500);
    expect(result.healthy).toBe(false);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("rejects URLs it cannot probe", async () => {
    expect(() => probe("ftp://127.0.0.1/")).toThrow(/unsupported probe URL/);
  });
});

describe("node deploy/src/healthcheck.ts", () => {
  const script = `${deployDir}src/healthcheck.ts`;
  const exitCode = async (...args: string[]) => {
    try {
      await run(process.execPath, [script, ...args], { timeout: 20_000 });
      return 0;
    } catch (error) {
      return (error as { code?: number }).code;
    }
  };

  it("exits 0 when healthy, 1 when not, 2 without a URL", async () => {
    expect(await exitCode(`${httpBase}/readyz`)).toBe(0);
    expect(await exitCode(`grpc://${grpcTarget}`)).toBe(0);
    expect(await exitCode(`${httpBase}/down`)).toBe(1);
    expect(await exitCode(`grpc://127.0.0.1:${closedPort}`, "500")).toBe(1);
    expect(await exitCode()).toBe(2);
    // Five Node processes, each starting in 1–3 s on a busy 2-core machine.
  }, 60_000);
});
