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

/** Every environment variable the reporting service reads (infrastructure mode). */
export const reportingConfigSpec = {
  ...commonServiceSpec,
  ...brokerSpec,
  REPORTING_DATABASE_URL: url({
    protocols: ["postgresql", "postgres"],
    doc: "the reporting database",
  }),
  REPORTING_DB_POOL_MAX: int({ default: 10, min: 1, max: 100 }),
  GRPC_PORT: port({ default: 50056 }),
  // The owning services, read by rebuilds of the read models.
  ASSETS_GRPC_URL: hostPort({ default: "localhost:50051" }),
  CUSTOMERS_GRPC_URL: hostPort({ default: "localhost:50052" }),
  CONTRACTS_GRPC_URL: hostPort({ default: "localhost:50053" }),
  BILLING_GRPC_URL: hostPort({ default: "localhost:50054" }),
  PAYMENTS_GRPC_URL: hostPort({ default: "localhost:50055" }),
  METRICS_PORT: optional(port()),
};

export const loadReportingConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig(reportingConfigSpec, env);
