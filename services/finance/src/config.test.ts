import type { ConfigError } from "@slms/config";
import { describe, expect, it } from "vitest";
import { loadFinanceConfig } from "./config.ts";

const required = {
  FINANCE_DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/finance",
  FINANCE_TLS_CERT_FILE: "/etc/slms/tls/tls.crt",
  FINANCE_TLS_KEY_FILE: "/etc/slms/tls/tls.key",
  RABBITMQ_URL: "amqp://guest:guest@127.0.0.1:5672",
};

describe("finance config", () => {
  it("defaults the ports and owners; mutual TLS is off unless a client CA is given", () => {
    expect(loadFinanceConfig(required)).toMatchObject({
      GRPC_PORT: 50059,
      FINANCE_EDGE_PORT: 50443,
      FINANCE_EDGE_HOST: "0.0.0.0",
      FINANCE_TLS_CLIENT_CA_FILE: undefined,
      ASSETS_GRPC_URL: "localhost:50051",
      CUSTOMERS_GRPC_URL: "localhost:50052",
      CONTRACTS_GRPC_URL: "localhost:50053",
    });
  });

  it("names every missing or bad variable at once", () => {
    try {
      loadFinanceConfig({ FINANCE_EDGE_PORT: "70000" });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).problems.map((p) => p.variable).sort()).toEqual([
        "FINANCE_DATABASE_URL",
        "FINANCE_EDGE_PORT",
        "FINANCE_TLS_CERT_FILE",
        "FINANCE_TLS_KEY_FILE",
        "RABBITMQ_URL",
      ]);
    }
  });
});
