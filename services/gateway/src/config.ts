import {
  bool,
  brokerSpec,
  commonServiceSpec,
  hostPort,
  int,
  loadConfig,
  optional,
  port,
  str,
  url,
} from "@slms/config";

/** Every environment variable the gateway reads (infrastructure mode). */
export const gatewayConfigSpec = {
  ...commonServiceSpec,
  ...brokerSpec,
  PORT: port({ default: 8080 }),
  GATEWAY_DATABASE_URL: url({ protocols: ["postgresql", "postgres"], doc: "the gateway database" }),
  GATEWAY_DB_POOL_MAX: int({ default: 10, min: 1, max: 100 }),
  ASSETS_GRPC_URL: hostPort({ default: "localhost:50051", doc: "assets service gRPC address" }),
  CUSTOMERS_GRPC_URL: hostPort({
    default: "localhost:50052",
    doc: "customers service gRPC address",
  }),
  CONTRACTS_GRPC_URL: hostPort({
    default: "localhost:50053",
    doc: "contracts service gRPC address",
  }),
  BILLING_GRPC_URL: hostPort({ default: "localhost:50054", doc: "billing service gRPC address" }),
  PAYMENTS_GRPC_URL: hostPort({ default: "localhost:50055", doc: "payments service gRPC address" }),
  REPORTING_GRPC_URL: hostPort({
    default: "localhost:50056",
    doc: "reporting service gRPC address",
  }),
  NOTIFICATIONS_GRPC_URL: hostPort({
    default: "localhost:50057",
    doc: "notifications service gRPC address",
  }),
  ONBOARDING_GRPC_URL: hostPort({
    default: "localhost:50058",
    doc: "onboarding service gRPC address",
  }),
  FINANCE_GRPC_URL: optional(
    hostPort({ doc: "finance edge's internal gRPC address (API clients); unset: not deployed" }),
  ),
  REDIS_URL: optional(
    url({ protocols: ["redis", "rediss"], doc: "rate limits and idempotency; in-memory if unset" }),
  ),
  SLMS_JWT_SECRET: str({ minLength: 32, secret: true, doc: "HS256 key for access tokens" }),
  ACCESS_TOKEN_TTL_SECONDS: int({ default: 900, min: 60, max: 86_400 }),
  REFRESH_TOKEN_TTL_DAYS: int({ default: 30, min: 1, max: 365 }),
  LOGIN_MAX_ATTEMPTS: int({ default: 10, min: 1 }),
  LOGIN_WINDOW_SECONDS: int({ default: 900, min: 1 }),
  API_RATE_LIMIT_PER_MINUTE: int({ default: 1_200, min: 0, doc: "per user; 0 disables" }),
  SLMS_ADMIN_EMAIL: optional(str({ doc: "HQ admin created on first start" })),
  SLMS_ADMIN_PASSWORD: optional(str({ minLength: 10, secret: true })),
  SLMS_ORG_CODE: str({ default: "HQ" }),
  SLMS_ORG_NAME: str({ default: "Demo Property Group" }),
  TRUST_PROXY: str({
    default: "false",
    doc: "proxies whose X-Forwarded-For is believed: false (none), a hop count, or subnets (loopback, 10.0.0.0/8, …)",
  }),
  METRICS_ENABLED: bool({ default: true }),
  CONSOLE_DIR: optional(
    str({
      doc: "directory of the web console's build, served at / (its own image serves it otherwise)",
    }),
  ),
};

export const loadGatewayConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig(gatewayConfigSpec, env);
