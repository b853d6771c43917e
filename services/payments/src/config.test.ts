import { type ConfigError, describeConfig } from "@slms/config";
import { describe, expect, it } from "vitest";
import { loadPaymentsConfig, paymentsConfigSpec } from "./config.ts";

const env = {
  PAYMENTS_DATABASE_URL: "postgresql://payments:secret@db:5432/payments",
  RABBITMQ_URL: "amqp://guest:guest@rabbitmq:5672",
};

describe("payments config", () => {
  it("has defaults for the services it asks and masks the database password", () => {
    const config = loadPaymentsConfig(env);
    expect(config).toMatchObject({
      GRPC_PORT: 50055,
      BILLING_GRPC_URL: "localhost:50054",
      ASSETS_GRPC_URL: "localhost:50051",
      PAYMENTS_DB_POOL_MAX: 10,
      ALLOCATION_RETRY_INTERVAL_MS: 60_000,
    });
    expect(describeConfig(paymentsConfigSpec, config)).toMatchObject({
      PAYMENTS_DATABASE_URL: "postgresql://payments:***@db:5432/payments",
    });
  });

  it("names every missing or malformed variable", () => {
    let problems: unknown;
    try {
      loadPaymentsConfig({ RABBITMQ_URL: "http://x", BILLING_GRPC_URL: "no port" });
    } catch (error) {
      problems = (error as ConfigError).problems;
    }
    expect((problems as { variable: string }[]).map((p) => p.variable).sort()).toEqual([
      "BILLING_GRPC_URL",
      "PAYMENTS_DATABASE_URL",
      "RABBITMQ_URL",
    ]);
  });
});
