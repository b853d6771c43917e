// Composition root of the payments service in infrastructure mode:
// config → telemetry → logger → broker → service → shutdown on SIGTERM.
import { describeConfig } from "@slms/config";
import { shutdownOnSignals } from "@slms/lifecycle";
import { createLogger } from "@slms/logging";
import { createRabbitBus } from "@slms/messaging";
import { startTelemetry } from "@slms/telemetry";
import { loadPaymentsConfig, paymentsConfigSpec } from "./config.ts";
import { startPaymentsService } from "./service.ts";

const config = loadPaymentsConfig();
const telemetry = startTelemetry({
  serviceName: "payments",
  otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  metricsPort: config.METRICS_PORT,
});
const logger = createLogger({ service: "payments", level: config.LOG_LEVEL });
logger.info({ config: describeConfig(paymentsConfigSpec, config) }, "starting");

const bus = await createRabbitBus({
  url: config.RABBITMQ_URL,
  exchange: config.RABBITMQ_EXCHANGE,
  queuePrefix: config.RABBITMQ_QUEUE_PREFIX,
  logger,
  connectionName: "payments",
});
const service = await startPaymentsService({
  databaseUrl: config.PAYMENTS_DATABASE_URL,
  poolMax: config.PAYMENTS_DB_POOL_MAX,
  bus,
  logger,
  grpcAddress: `0.0.0.0:${config.GRPC_PORT}`,
  billingTarget: config.BILLING_GRPC_URL,
  assetsTarget: config.ASSETS_GRPC_URL,
  customersTarget: config.CUSTOMERS_GRPC_URL,
  contractsTarget: config.CONTRACTS_GRPC_URL,
  allocationRetryIntervalMs: config.ALLOCATION_RETRY_INTERVAL_MS,
});

shutdownOnSignals({
  logger,
  timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  steps: [
    { name: "payments service", close: () => service.close(config.SHUTDOWN_TIMEOUT_MS / 2) },
    { name: "broker", close: () => bus.close() },
    { name: "telemetry", close: () => telemetry.close() },
  ],
});
