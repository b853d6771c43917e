import { brokerSpec, commonServiceSpec, int, loadConfig, optional, port, url } from "@slms/config";

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
  METRICS_PORT: optional(port()),
};

export const loadReportingConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig(reportingConfigSpec, env);
