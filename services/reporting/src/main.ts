// Composition root of the reporting service in infrastructure mode:
// config → telemetry → logger → broker → service → shutdown on SIGTERM.
import { describeConfig } from "@slms/config";
import { shutdownOnSignals } from "@slms/lifecycle";
import { createLogger } from "@slms/logging";
import { createRabbitBus } from "@slms/messaging";
import { startTelemetry } from "@slms/telemetry";
import { loadReportingConfig, reportingConfigSpec } from "./config.ts";
import { startReportingService } from "./service.ts";

const config = loadReportingConfig();
const telemetry = startTelemetry({
  serviceName: "reporting",
  otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  metricsPort: config.METRICS_PORT,
});
const logger = createLogger({ service: "reporting", level: config.LOG_LEVEL });
logger.info({ config: describeConfig(reportingConfigSpec, config) }, "starting");

const bus = await createRabbitBus({
  url: config.RABBITMQ_URL,
  exchange: config.RABBITMQ_EXCHANGE,
  queuePrefix: config.RABBITMQ_QUEUE_PREFIX,
  logger,
  connectionName: "reporting",
});
const service = await startReportingService({
  databaseUrl: config.REPORTING_DATABASE_URL,
  poolMax: config.REPORTING_DB_POOL_MAX,
  bus,
  logger,
  grpcAddress: `0.0.0.0:${config.GRPC_PORT}`,
  sourceTargets: () => ({
    assets: config.ASSETS_GRPC_URL,
    customers: config.CUSTOMERS_GRPC_URL,
    contracts: config.CONTRACTS_GRPC_URL,
    billing: config.BILLING_GRPC_URL,
    payments: config.PAYMENTS_GRPC_URL,
  }),
});
await service.resumeRebuilds();

shutdownOnSignals({
  logger,
  timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  steps: [
    { name: "reporting service", close: () => service.close(config.SHUTDOWN_TIMEOUT_MS / 2) },
    { name: "broker", close: () => bus.close() },
    { name: "telemetry", close: () => telemetry.close() },
  ],
});
