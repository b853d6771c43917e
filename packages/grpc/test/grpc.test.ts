import { fileURLToPath } from "node:url";
import {
  credentials,
  loadPackageDefinition,
  Metadata,
  type ServiceClientConstructor,
  type ServiceDefinition,
} from "@grpc/grpc-js";
import { loadSync, type MethodDefinition } from "@grpc/proto-loader";
import { trace } from "@opentelemetry/api";
import { DomainError, type ErrorKind } from "@slms/errors";
import { createLogger } from "@slms/logging";
import {
  InMemorySpanExporter,
  runAsService,
  SECONDS_BUCKETS,
  startTelemetry,
  withSpan,
} from "@slms/telemetry";
import { bucketBounds, findSamples, scrapeHandler } from "@slms/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Caller,
  createClient,
  createGrpcServer,
  type GrpcClient,
  type GrpcServer,
} from "../src/index.ts";

// Shapes of the fixture proto (test/fixture/echo.proto) as the loader produces them.
interface EchoRequest {
  text?: string;
  failWith?: string;
  delayMs?: number;
}
interface EchoResponse {
  text: string;
  actor: string;
  orgId: string;
  sites: string;
  traceId: string;
  attempt: number;
}
interface EchoDefinition extends ServiceDefinition {
  Echo: MethodDefinition<EchoRequest, EchoResponse, Required<EchoRequest>, EchoResponse>;
}

const definition = loadSync(fileURLToPath(new URL("./fixture/echo.proto", import.meta.url)), {
  longs: Number,
  enums: String,
  defaults: true,
});
const Echo = (
  loadPackageDefinition(definition) as unknown as {
    slms: { test: { v1: { EchoService: ServiceClientConstructor } } };
  }
).slms.test.v1.EchoService;

const caller: Caller = {
  actor: "usr_1",
  orgId: "org_1",
  siteIds: ["sit_a", "sit_b"],
  roles: ["clerk"],
};
const logger = createLogger({ service: "grpc-test", level: "silent" });

let server: GrpcServer;
let target: string;
let client: GrpcClient<EchoDefinition>;
let telemetry: ReturnType<typeof startTelemetry>;
const spans = new InMemorySpanExporter();
const attempts = new Map<string, number>();

beforeAll(async () => {
  telemetry = startTelemetry({ serviceName: "grpc-test", spanExporter: spans });
  server = createGrpcServer({ name: "echo", logger, reflection: [definition] });
  server.add(Echo.service as unknown as EchoDefinition, {
    Echo: async (request, context) => {
      const attempt = (attempts.get(request.text) ?? 0) + 1;
      attempts.set(request.text, attempt);
      if (request.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, request.delayMs));
      if (request.failWith === "crash") throw new Error("secret internal detail");
      if (request.failWith === "many") {
        throw new DomainError(
          "invalid",
          "rows refused",
          Array.from({ length: 5_000 }, (_, i) => ({
            field: `units.${i}.code`,
            message: "x".repeat(300),
          })),
        );
      }
      if (request.failWith === "unavailable_once" && attempt === 1) {
        throw new DomainError("unavailable", "try again");
      }
      if (request.failWith && request.failWith !== "unavailable_once") {
        throw new DomainError(request.failWith as ErrorKind, `failed: ${request.failWith}`, [
          { field: "text", message: "is wrong" },
        ]);
      }
      const c = context.caller;
      return {
        text: request.text,
        actor: c?.actor ?? "",
        orgId: c?.orgId ?? "",
        sites: c ? (c.siteIds === "all" ? "*" : c.siteIds.join(",")) : "",
        traceId: trace.getActiveSpan()?.spanContext().traceId ?? "",
        attempt,
      };
    },
  });
  const port = await server.listen("127.0.0.1:0");
  server.setServing(true);
  target = `127.0.0.1:${port}`;
  client = createClient<EchoDefinition>(Echo, target, { idempotent: ["Echo"], deadlineMs: 2_000 });
});

afterAll(async () => {
  client.close();
  await server.close(1_000);
  await telemetry.close();
});

describe("gRPC server and client", () => {
  it("carries the caller in metadata", async () => {
    const response = await client.Echo({ text: "hello" }, { caller });
    expect(response).toMatchObject({
      text: "hello",
      actor: "usr_1",
      orgId: "org_1",
      sites: "sit_a,sit_b",
    });
  });

  it("carries an all-sites caller and no caller at all", async () => {
    expect(
      (await client.Echo({ text: "hq" }, { caller: { ...caller, siteIds: "all" } })).sites,
    ).toBe("*");
    expect((await client.Echo({ text: "anonymous" })).actor).toBe("");
  });

  it.each<[ErrorKind]>([
    ["invalid"],
    ["not_found"],
    ["conflict"],
    ["forbidden"],
    ["unauthenticated"],
    ["rate_limited"],
  ])("returns a %s domain error as the same kind with its field details", async (kind) => {
    const error = await client
      .Echo({ text: `fail-${kind}`, failWith: kind })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe(kind);
    expect((error as DomainError).message).toBe(`failed: ${kind}`);
    expect((error as DomainError).details).toEqual([{ field: "text", message: "is wrong" }]);
  });

  it("names the first 50 of thousands of refused fields, and says how many more (metadata is bounded)", async () => {
    const error = (await client
      .Echo({ text: "fail-many", failWith: "many" })
      .catch((e: unknown) => e)) as DomainError;
    expect(error).toBeInstanceOf(DomainError);
    expect(error.kind).toBe("invalid");
    expect(error.details).toHaveLength(51);
    expect(error.details[0]).toEqual({ field: "units.0.code", message: "x".repeat(200) });
    expect(error.details.at(-1)).toEqual({ field: "(more)", message: "and 4950 more" });
  });

  // (A lone surrogate cannot cross protobuf: the client's UTF-8 encoding replaces it, so the
  // HTTP edge is where it is refused.)
  it("refuses NUL in a request string as INVALID_ARGUMENT naming the field, before the handler", async () => {
    const text = "a\u0000b";
    const error = await client.Echo({ text }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe("invalid");
    expect((error as DomainError).details.map((d) => d.field)).toEqual(["text"]);
    expect(attempts.has(text)).toBe(false);
  });

  it("hides unknown errors behind INTERNAL", async () => {
    const error = (await client
      .Echo({ text: "crash", failWith: "crash" })
      .catch((e: unknown) => e)) as {
      code: number;
      details: string;
    };
    expect(error).not.toBeInstanceOf(DomainError);
    expect(error.code).toBe(13);
    expect(error.details).toBe("internal error");
  });

  it("enforces deadlines", async () => {
    const error = await client
      .Echo({ text: "slow", delayMs: 300 }, { deadlineMs: 50 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe("unavailable");
  });

  it("retries idempotent methods on UNAVAILABLE, and only those", async () => {
    const retried = await client.Echo({ text: "flaky-1", failWith: "unavailable_once" });
    expect(retried.attempt).toBe(2);

    const strict = createClient<EchoDefinition>(Echo, target);
    try {
      const error = await strict
        .Echo({ text: "flaky-2", failWith: "unavailable_once" })
        .catch((e: unknown) => e);
      expect((error as DomainError).kind).toBe("unavailable");
      expect(attempts.get("flaky-2")).toBe(1);
    } finally {
      strict.close();
    }
  });

  it("continues the caller's trace on the server", async () => {
    let clientTraceId = "";
    const response = await withSpan("test-root", async () => {
      clientTraceId = trace.getActiveSpan()?.spanContext().traceId ?? "";
      return client.Echo({ text: "traced" }, { caller });
    });
    expect(clientTraceId).toMatch(/^[0-9a-f]{32}$/);
    expect(response.traceId).toBe(clientTraceId);
    const serverSpan = spans
      .getFinishedSpans()
      .find(
        (s) =>
          s.name === "slms.test.v1.EchoService/Echo" &&
          s.spanContext().traceId === clientTraceId &&
          s.kind === 1,
      );
    expect(serverSpan).toBeDefined();
  });

  it("exports server and client call durations in seconds, by service, method and status", async () => {
    // ~15 ms: between the 0.01 and 0.05 boundaries (the old millisecond buckets put it in le=5).
    await runAsService("metrics-caller", () =>
      client.Echo({ text: "timed", delayMs: 15 }, { caller }),
    );
    await expect(
      runAsService("metrics-caller", () =>
        client.Echo({ text: "missing", failWith: "not_found" }, { caller }),
      ),
    ).rejects.toThrow();

    const samples = await scrapeHandler(telemetry.metricsHandler);
    const method = { rpc_service: "slms.test.v1.EchoService", rpc_method: "Echo" };
    const clientOk = { service: "metrics-caller", ...method, rpc_grpc_status_code: "0" };
    const buckets = [...SECONDS_BUCKETS.map(String), "+Inf"];
    expect(bucketBounds(samples, "rpc_client_duration_seconds", clientOk)).toEqual(buckets);
    const bucket = (name: string, labels: Record<string, string>, le: string) =>
      findSamples(samples, `${name}_bucket`, { ...labels, le })[0]?.value;
    expect(bucket("rpc_client_duration_seconds", clientOk, "0.01")).toBe(0);
    expect(bucket("rpc_client_duration_seconds", clientOk, "0.05")).toBe(1);
    expect(
      findSamples(samples, "rpc_client_duration_seconds_count", {
        service: "metrics-caller",
        ...method,
        rpc_grpc_status_code: "5",
      })[0]?.value,
    ).toBe(1);
    // The server's series carry its own name; every label set is the same four labels.
    const server = findSamples(samples, "rpc_server_duration_seconds_count", {
      service: "echo",
      ...method,
    });
    expect(server.map((s) => s.labels.rpc_grpc_status_code)).toEqual(
      expect.arrayContaining(["0", "5"]),
    );
    for (const s of server)
      expect(Object.keys(s.labels).sort()).toEqual([
        "rpc_grpc_status_code",
        "rpc_method",
        "rpc_service",
        "service",
      ]);
    // Node runtime metrics of the process.
    for (const name of [
      "nodejs_eventloop_delay_p99_seconds",
      "nodejs_heap_used_bytes",
      "process_resident_memory_bytes",
    ])
      expect(findSamples(samples, name, { service: "grpc-test" })).toHaveLength(1);
    expect(findSamples(samples, "nodejs_heap_used_bytes")[0]!.value).toBeGreaterThan(1_000_000);
  });

  it("reports health per server and per service", async () => {
    const healthDefinition = loadSync(
      fileURLToPath(
        new URL(
          "../../../node_modules/grpc-health-check/proto/health/v1/health.proto",
          import.meta.url,
        ),
      ),
      { enums: String },
    );
    const Health = (
      loadPackageDefinition(healthDefinition) as unknown as {
        grpc: { health: { v1: { Health: ServiceClientConstructor } } };
      }
    ).grpc.health.v1.Health;
    const health = new Health(target, credentials.createInsecure()) as unknown as {
      check(
        req: { service: string },
        md: Metadata,
        cb: (e: Error | null, r: { status: string }) => void,
      ): void;
      close(): void;
    };
    const check = (service: string) =>
      new Promise<string>((resolve, reject) =>
        health.check({ service }, new Metadata(), (error, response) =>
          error ? reject(error) : resolve(response.status),
        ),
      );
    try {
      expect(await check("")).toBe("SERVING");
      expect(await check("slms.test.v1.EchoService")).toBe("SERVING");
      server.setServing(false);
      expect(await check("")).toBe("NOT_SERVING");
      server.setServing(true);
    } finally {
      health.close();
    }
  });
});
