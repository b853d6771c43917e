import { describe, expect, it } from "vitest";
import {
  bool,
  ConfigError,
  describeConfig,
  hostPort,
  int,
  loadConfig,
  oneOf,
  optional,
  port,
  str,
  url,
} from "./env.ts";

const spec = {
  PORT: port({ default: 8080 }),
  DATABASE_URL: url({ protocols: ["postgresql", "postgres"] }),
  LOG_LEVEL: oneOf(["debug", "info", "warn"], { default: "info" }),
  JWT_SECRET: str({ minLength: 32, secret: true }),
  FEATURE: bool({ default: false }),
  OTEL: optional(url()),
  ASSETS: hostPort({ default: "localhost:50051" }),
};

const good = {
  DATABASE_URL: "postgresql://app:hunter2@db:5432/assets",
  JWT_SECRET: "x".repeat(32),
};

describe("loadConfig", () => {
  it("applies defaults and parses values", () => {
    const config = loadConfig(spec, { ...good, PORT: "9000", FEATURE: "yes" });
    expect(config).toEqual({
      PORT: 9000,
      DATABASE_URL: good.DATABASE_URL,
      LOG_LEVEL: "info",
      JWT_SECRET: good.JWT_SECRET,
      FEATURE: true,
      OTEL: undefined,
      ASSETS: "localhost:50051",
    });
  });

  it("names every bad or missing variable at once", () => {
    let caught: unknown;
    try {
      loadConfig(spec, { PORT: "eighty", LOG_LEVEL: "loud", JWT_SECRET: "short", ASSETS: "x" });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).problems.map((p) => p.variable)).toEqual([
      "PORT",
      "DATABASE_URL",
      "LOG_LEVEL",
      "JWT_SECRET",
      "ASSETS",
    ]);
    expect((caught as ConfigError).message).toContain('PORT must be an integer, got "eighty"');
    expect((caught as ConfigError).message).toContain("DATABASE_URL is required");
  });

  it.each([
    [port(), "70000", "must be <= 65535"],
    [int({ min: 1 }), "0", "must be >= 1"],
    [url({ protocols: ["amqp"] }), "http://x", "must use amqp"],
    [url(), "not a url", "must be a URL"],
    [bool(), "maybe", "must be true or false"],
  ])("rejects %#", (varSpec, raw, message) => {
    expect(() => loadConfig({ V: varSpec }, { V: raw })).toThrow(message);
  });

  it("treats an empty string as missing", () => {
    expect(() => loadConfig({ V: str() }, { V: "" })).toThrow("V is required");
  });
});

describe("describeConfig", () => {
  it("masks secrets and URL passwords", () => {
    const config = loadConfig(spec, good);
    const shown = describeConfig(spec, config);
    expect(shown.JWT_SECRET).toBe("***");
    expect(shown.DATABASE_URL).toBe("postgresql://app:***@db:5432/assets");
    expect(JSON.stringify(shown)).not.toContain("hunter2");
  });
});
