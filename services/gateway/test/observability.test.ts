import { createLogger } from "@slms/logging";
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SECONDS_BUCKETS,
  startTelemetry,
  type Telemetry,
} from "@slms/telemetry";
import { bucketBounds, findSamples, scrapeMetrics, waitFor } from "@slms/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, type Harness, startHarness } from "./harness.ts";

// What an operator sees of one request: /metrics of the running gateway (names, labels, second
// buckets, route templates), spans named by template and owned by the service that made them,
// and log lines carrying the request's trace id in every service it reached.

let telemetry: Telemetry;
let h: Harness;
let admin: string;
let siteId: string;
let siteTraceId: string;
const spans = new InMemorySpanExporter();
const lines: Record<string, unknown>[] = [];

beforeAll(async () => {
  telemetry = startTelemetry({ serviceName: "gateway", spanExporter: spans });
  const logger = createLogger({
    service: "observability-test",
    level: "debug",
    destination: { write: (line: string) => void lines.push(JSON.parse(line)) },
  });
  h = await startHarness("observability", { metricsHandler: telemetry.metricsHandler, logger });
  admin = await h.login(ADMIN.email, ADMIN.password);
  const site = await h.api("POST", "/api/v1/sites", {
    token: admin,
    body: { code: "OBS", name: "OBS", kind: "residential", timeZone: "UTC", currency: "CNY" },
  });
  expect(site.status).toBe(201);
  siteId = site.body.id;
  siteTraceId = site.headers.get("x-trace-id")!;
}, 120_000);

afterAll(async () => {
  await h?.close();
  await telemetry?.close();
});

const resourceService = (span: ReadableSpan) => span.resource.attributes["service.name"];

describe("observability of a request", () => {
  it("exports the request's duration in seconds under its route template", async () => {
    const units = await h.api("GET", `/api/v1/sites/${siteId}/units`, { token: admin });
    expect(units.status).toBe(200);
    const missing = await h.api("GET", `/api/v1/sites/${siteId}/nothing-here`, { token: admin });
    expect(missing.status).toBe(404);

    // Refused before routing (no token): still counted under its route's template.
    const anonymous = await h.api("GET", `/api/v1/sites/${siteId}/units`);
    expect(anonymous.status).toBe(401);

    const samples = await scrapeMetrics(`${h.baseUrl}/metrics`);
    expect(
      findSamples(samples, "http_server_request_duration_seconds_count", {
        http_route: "/api/v1/sites/:siteId/units",
        http_response_status_code: "401",
      })[0]?.value,
    ).toBe(1);
    const route = {
      service: "gateway",
      http_request_method: "GET",
      http_route: "/api/v1/sites/:siteId/units",
      http_response_status_code: "200",
    };
    expect(bucketBounds(samples, "http_server_request_duration_seconds", route)).toEqual([
      ...SECONDS_BUCKETS.map(String),
      "+Inf",
    ]);
    const count = findSamples(samples, "http_server_request_duration_seconds_count", route)[0];
    expect(count?.value).toBe(1);
    const sum = findSamples(samples, "http_server_request_duration_seconds_sum", route)[0];
    expect(sum!.value).toBeGreaterThan(0);
    expect(sum!.value).toBeLessThan(5); // seconds, not milliseconds
    expect(
      findSamples(samples, "http_server_request_duration_seconds_count", {
        http_route: "unmatched",
        http_response_status_code: "404",
      })[0]?.value,
    ).toBe(1);
    // No raw id in any route label.
    for (const s of findSamples(samples, "http_server_request_duration_seconds_count"))
      expect(s.labels.http_route).not.toMatch(/sit_|org_|usr_/);

    // The gateway's call to assets, as caller and as server.
    const assetsRpc = { rpc_service: "slms.assets.v1.AssetsService", rpc_grpc_status_code: "0" };
    expect(
      findSamples(samples, "rpc_client_duration_seconds_count", {
        service: "gateway",
        ...assetsRpc,
      }).length,
    ).toBeGreaterThan(0);
    expect(
      findSamples(samples, "rpc_server_duration_seconds_count", { service: "assets", ...assetsRpc })
        .length,
    ).toBeGreaterThan(0);
    // One label set everywhere: every series says which service it belongs to.
    for (const s of samples) {
      if (s.name === "target_info") continue;
      expect(s.labels.service, s.name).toBeTruthy();
    }

    // Spans: named by template; each service's spans carry its own service.name; queries are spans.
    const traceId = units.headers.get("x-trace-id")!;
    const inTrace = spans.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
    const server = inTrace.find((s) => s.name === "GET /api/v1/sites/:siteId/units");
    expect(server).toBeDefined();
    expect(resourceService(server!)).toBe("gateway");
    expect(server!.attributes["http.route"]).toBe("/api/v1/sites/:siteId/units");
    const assetsServer = inTrace.find(
      (s) => s.name.startsWith("slms.assets.v1.AssetsService/") && s.kind === 1,
    );
    expect(assetsServer && resourceService(assetsServer)).toBe("assets");
    const queries = inTrace.filter((s) => s.attributes["db.system.name"] === "postgresql");
    expect(queries.length).toBeGreaterThan(0);
    expect(queries.map((q) => q.name)).toContain("SELECT");
  });

  it("logs in every service the request reached, with its trace id", async () => {
    const units = await h.api("GET", `/api/v1/sites/${siteId}/units`, { token: admin });
    const traceId = units.headers.get("x-trace-id")!;
    await waitFor(() => {
      const messages = lines.filter((l) => l.trace_id === traceId).map((l) => l.msg);
      expect(messages).toContain("request"); // the gateway's access log
      expect(messages).toContain("grpc call"); // assets, at debug
      return true;
    });
    // The site's creation reached the consumers through events: their lines continue its trace.
    await waitFor(() => {
      const handled = lines.filter((l) => l.trace_id === siteTraceId && l.msg === "event handled");
      expect(handled.map((l) => l.queue)).toContain("reporting.events");
      return true;
    });
  });

  it("exports consumer and outbox metrics per service and queue", async () => {
    await waitFor(async () => {
      const samples = await scrapeMetrics(`${h.baseUrl}/metrics`);
      const queue = { service: "reporting", queue: "reporting.events" };
      expect(
        findSamples(samples, "slms_consumer_messages_total", { ...queue, outcome: "acked" })[0]
          ?.value,
      ).toBeGreaterThan(0);
      expect(bucketBounds(samples, "slms_consumer_duration_seconds", queue)).toHaveLength(
        SECONDS_BUCKETS.length + 1,
      );
      expect(findSamples(samples, "slms_consumer_lag_messages", queue)).toHaveLength(1);
      expect(findSamples(samples, "slms_dlq_messages", queue)[0]?.value).toBe(0);
      for (const service of ["assets", "gateway", "billing"]) {
        expect(findSamples(samples, "slms_outbox_backlog_messages", { service })).toHaveLength(1);
        expect(findSamples(samples, "slms_outbox_backlog_age_seconds", { service })).toHaveLength(
          1,
        );
      }
      return true;
    });
  });
});
