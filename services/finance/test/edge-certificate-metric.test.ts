import { X509Certificate } from "node:crypto";
import { startTelemetry, type Telemetry } from "@slms/telemetry";
import { findSamples, scrapeHandler } from "@slms/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./harness.ts";

// The expiry alerts (deploy/k8s/components/monitoring) read when the edge's certificate expires.
let telemetry: Telemetry;
let h: Harness;
beforeAll(async () => {
  telemetry = startTelemetry({ serviceName: "finance" });
  h = await startHarness("edge_cert_metric");
});
afterAll(async () => {
  await h?.close();
  await telemetry?.close();
});

describe("the edge's certificate", () => {
  it("is exported as slms_finance_edge_certificate_expiry_timestamp_seconds, in unix seconds", async () => {
    const samples = await scrapeHandler(telemetry.metricsHandler);
    const [sample] = findSamples(
      samples,
      "slms_finance_edge_certificate_expiry_timestamp_seconds",
      { service: "finance" },
    );
    const expires = new X509Certificate(h.certs.serverCert).validToDate.getTime() / 1000;
    expect(sample?.value).toBe(expires);
    expect(expires).toBeGreaterThan(Date.now() / 1000);
  });
});
