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

/** Every environment variable the contracts service reads (infrastructure mode). */
export const contractsConfigSpec = {
  ...commonServiceSpec,
  ...brokerSpec,
  CONTRACTS_DATABASE_URL: url({
    protocols: ["postgresql", "postgres"],
    doc: "the contracts database",
  }),
  CONTRACTS_DB_POOL_MAX: int({ default: 10, min: 1, max: 100 }),
  ASSETS_GRPC_URL: hostPort({ default: "localhost:50051" }),
  CUSTOMERS_GRPC_URL: hostPort({ default: "localhost:50052" }),
  GRPC_PORT: port({ default: 50053 }),
  METRICS_PORT: optional(port()),
  LEASE_JOB_INTERVAL_MS: int({
    default: 3_600_000,
    min: 0,
    doc: "expiry and critical-date job; 0 = off",
  }),
  CONTRACTS_SYNC_SETTLE_MS: int({
    default: 10_000,
    min: 0,
    max: 600_000,
    doc: "lists by update time (updated_since) show only rows stamped longer ago than this",
  }),
};

export const loadContractsConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig(contractsConfigSpec, env);
