import {
  brokerSpec,
  commonServiceSpec,
  hostPort,
  int,
  loadConfig,
  optional,
  port,
  url,
} from "@slms/config";

/** Every environment variable the payments service reads (infrastructure mode). */
export const paymentsConfigSpec = {
  ...commonServiceSpec,
  ...brokerSpec,
  PAYMENTS_DATABASE_URL: url({
    protocols: ["postgresql", "postgres"],
    doc: "the payments database",
  }),
  PAYMENTS_DB_POOL_MAX: int({ default: 10, min: 1, max: 100 }),
  BILLING_GRPC_URL: hostPort({ default: "localhost:50054" }),
  ASSETS_GRPC_URL: hostPort({ default: "localhost:50051" }),
  CUSTOMERS_GRPC_URL: hostPort({ default: "localhost:50052" }),
  CONTRACTS_GRPC_URL: hostPort({ default: "localhost:50053" }),
  GRPC_PORT: port({ default: 50055 }),
  METRICS_PORT: optional(port()),
  ALLOCATION_RETRY_INTERVAL_MS: int({
    default: 60_000,
    min: 0,
    doc: "how often payments billing has not allocated yet are retried; 0 = off",
  }),
};

export const loadPaymentsConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig(paymentsConfigSpec, env);
