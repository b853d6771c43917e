import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it, onTestFinished } from "vitest";
import { startTelemetry, withSpan } from "../src/index.ts";

// A real HTTP endpoint standing in for an OpenTelemetry collector: spans are batched and only
// sent on close(), which must flush them (OTLP/HTTP JSON to <endpoint>/v1/traces).

interface Received {
  path: string | undefined;
  contentType: string | undefined;
  body: string;
}

const received: Received[] = [];
const collector = createServer(async (req: IncomingMessage, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  received.push({
    path: req.url,
    contentType: req.headers["content-type"],
    body: Buffer.concat(chunks).toString("utf8"),
  });
  res.writeHead(200, { "content-type": "application/json" }).end("{}");
});
let endpoint: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}/`;
});

afterAll(
  () =>
    new Promise<void>((resolve) => {
      collector.close(() => resolve());
      collector.closeAllConnections();
    }),
);

it("close() flushes batched spans to the OTLP/HTTP endpoint", async () => {
  const telemetry = startTelemetry({ serviceName: "otlp-test", otlpEndpoint: endpoint });
  const traceId = await withSpan("batched work", async (span) => {
    await Promise.resolve();
    return span.spanContext().traceId;
  });
  expect(received).toHaveLength(0); // batched, not sent yet

  await telemetry.close();

  expect(received.length).toBeGreaterThan(0);
  expect(received[0]!.path).toBe("/v1/traces");
  const all = received.map((r) => r.body).join("\n");
  expect(all).toContain("batched work");
  expect(all).toContain("otlp-test");
  expect(all.toLowerCase()).toContain(traceId);
});

it("close() resolves and reports to onError when the collector rejects the export", async () => {
  // 400 is not retryable, so the exporter gives up at once (an unreachable collector is
  // retried with backoff until the 10 s export timeout; close() then resolves the same way).
  const rejecting = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(400).end("bad request"));
  });
  await new Promise<void>((resolve) => rejecting.listen(0, "127.0.0.1", resolve));
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        rejecting.close(() => resolve());
        rejecting.closeAllConnections();
      }),
  );

  const errors: unknown[] = [];
  const telemetry = startTelemetry({
    serviceName: "otlp-rejecting-test",
    otlpEndpoint: `http://127.0.0.1:${(rejecting.address() as AddressInfo).port}`,
    onError: (error) => errors.push(error),
  });
  withSpan("lost", () => undefined);
  await expect(telemetry.close()).resolves.toBeUndefined();
  expect(errors).toHaveLength(1);
  expect(String(errors[0])).toMatch(/400|Bad Request/i);
});
