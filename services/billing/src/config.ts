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

/** Every environment variable the billing service reads (infrastructure mode). */
export const billingConfigSpec = {
  ...commonServiceSpec,
  ...brokerSpec,
  BILLING_DATABASE_URL: url({ protocols: ["postgresql", "postgres"], doc: "the billing database" }),
  BILLING_DB_POOL_MAX: int({ default: 10, min: 1, max: 100 }),
  ASSETS_GRPC_URL: hostPort({ default: "localhost:50051" }),
  CUSTOMERS_GRPC_URL: hostPort({ default: "localhost:50052" }),
  CONTRACTS_GRPC_URL: hostPort({ default: "localhost:50053" }),
  GRPC_PORT: port({ default: 50054 }),
  METRICS_PORT: optional(port()),
  WAIVER_APPROVAL_THRESHOLD_MINOR: int({
    default: 50_000,
    min: 0,
    doc: "waivers above need a second person",
  }),
  BILLING_RUN_CHUNK: int({
    default: 5_000,
    min: 1,
    max: 100_000,
    doc: "bills per billing-run statement",
  }),
  BILLING_RUN_WORKERS: int({
    default: 3,
    min: 1,
    max: 16,
    doc: "sites a billing run bills at once",
  }),
  BILLING_JOB_INTERVAL_MS: int({
    default: 3_600_000,
    min: 0,
    doc: "billing runs and late fees; 0 = off",
  }),
};

export const loadBillingConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig(billingConfigSpec, env);
