// Composition root of the billing service in infrastructure mode:
// config → telemetry → logger → broker → service → shutdown on SIGTERM.
import { describeConfig } from "@slms/config";
import { shutdownOnSignals } from "@slms/lifecycle";
import { createLogger } from "@slms/logging";
import { createRabbitBus } from "@slms/messaging";
import { startTelemetry } from "@slms/telemetry";
import { billingConfigSpec, loadBillingConfig } from "./config.ts";
import { startBillingService } from "./service.ts";

const config = loadBillingConfig();
const telemetry = startTelemetry({
  serviceName: "billing",
  otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  metricsPort: config.METRICS_PORT,
});
const logger = createLogger({ service: "billing", level: config.LOG_LEVEL });
logger.info({ config: describeConfig(billingConfigSpec, config) }, "starting");

const bus = await createRabbitBus({
  url: config.RABBITMQ_URL,
  exchange: config.RABBITMQ_EXCHANGE,
  queuePrefix: config.RABBITMQ_QUEUE_PREFIX,
  logger,
  connectionName: "billing",
});
const service = await startBillingService({
  databaseUrl: config.BILLING_DATABASE_URL,
  poolMax: config.BILLING_DB_POOL_MAX,
  bus,
  logger,
  grpcAddress: `0.0.0.0:${config.GRPC_PORT}`,
  assetsTarget: config.ASSETS_GRPC_URL,
  customersTarget: config.CUSTOMERS_GRPC_URL,
  contractsTarget: config.CONTRACTS_GRPC_URL,
  waiverApprovalThresholdMinor: config.WAIVER_APPROVAL_THRESHOLD_MINOR,
  jobIntervalMs: config.BILLING_JOB_INTERVAL_MS,
  runChunkSize: config.BILLING_RUN_CHUNK,
  runWorkers: config.BILLING_RUN_WORKERS,
});

shutdownOnSignals({
  logger,
  timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  steps: [
    { name: "billing service", close: () => service.close(config.SHUTDOWN_TIMEOUT_MS / 2) },
    { name: "broker", close: () => bus.close() },
    { name: "telemetry", close: () => telemetry.close() },
  ],
});
