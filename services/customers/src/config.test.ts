import { randomBytes } from "node:crypto";
import { type ConfigError, describeConfig } from "@slms/config";
import { describe, expect, it } from "vitest";
import { customersConfigSpec, loadCustomersConfig } from "./config.ts";

const env = {
  CUSTOMERS_DATABASE_URL: "postgresql://customers:secret@db:5432/customers",
  RABBITMQ_URL: "amqp://guest:guest@rabbitmq:5672",
  CUSTOMERS_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  CUSTOMERS_HMAC_KEY: randomBytes(32).toString("base64"),
};

describe("customers config", () => {
  it("reads the keys as 32 bytes and never describes them", () => {
    const config = loadCustomersConfig(env);
    expect(config.CUSTOMERS_ENCRYPTION_KEY).toHaveLength(32);
    expect(config.GRPC_PORT).toBe(50052);
    const described = describeConfig(customersConfigSpec, config);
    expect(described).toMatchObject({
      CUSTOMERS_ENCRYPTION_KEY: "***",
      CUSTOMERS_HMAC_KEY: "***",
      CUSTOMERS_DATABASE_URL: "postgresql://customers:***@db:5432/customers",
    });
    expect(JSON.stringify(described)).not.toContain(env.CUSTOMERS_HMAC_KEY);
  });

  it("names every missing or malformed key at startup", () => {
    const load = (overrides: Record<string, string | undefined>) => {
      try {
        loadCustomersConfig({ ...env, ...overrides });
      } catch (error) {
        return (error as ConfigError).problems;
      }
      throw new Error("expected a ConfigError");
    };
    expect(
      load({
        CUSTOMERS_ENCRYPTION_KEY: randomBytes(16).toString("base64"),
        CUSTOMERS_HMAC_KEY: undefined,
      }),
    ).toEqual([
      {
        variable: "CUSTOMERS_ENCRYPTION_KEY",
        message: "must be 32 bytes encoded in base64, got 16 bytes",
      },
      { variable: "CUSTOMERS_HMAC_KEY", message: "is required" },
    ]);
    expect(load({ CUSTOMERS_HMAC_KEY: "hunter2!" })).toEqual([
      { variable: "CUSTOMERS_HMAC_KEY", message: expect.stringContaining("must be base64") },
    ]);
  });
});
