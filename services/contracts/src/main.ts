// Composition root of the contracts service in infrastructure mode:
// config → telemetry → logger → broker → service → shutdown on SIGTERM.
import { describeConfig } from "@slms/config";
import { shutdownOnSignals } from "@slms/lifecycle";
import { createLogger } from "@slms/logging";
import { createRabbitBus } from "@slms/messaging";
import { startTelemetry } from "@slms/telemetry";
import { contractsConfigSpec, loadContractsConfig } from "./config.ts";
import { startContractsService } from "./service.ts";

const config = loadContractsConfig();
const telemetry = startTelemetry({
  serviceName: "contracts",
  otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  metricsPort: config.METRICS_PORT,
});
const logger = createLogger({ service: "contracts", level: config.LOG_LEVEL });
logger.info({ config: describeConfig(contractsConfigSpec, config) }, "starting");

const bus = await createRabbitBus({
  url: config.RABBITMQ_URL,
  exchange: config.RABBITMQ_EXCHANGE,
  queuePrefix: config.RABBITMQ_QUEUE_PREFIX,
  logger,
  connectionName: "contracts",
});
const service = await startContractsService({
  databaseUrl: config.CONTRACTS_DATABASE_URL,
  poolMax: config.CONTRACTS_DB_POOL_MAX,
  bus,
  logger,
  grpcAddress: `0.0.0.0:${config.GRPC_PORT}`,
  assetsTarget: config.ASSETS_GRPC_URL,
  customersTarget: config.CUSTOMERS_GRPC_URL,
  leaseJobIntervalMs: config.LEASE_JOB_INTERVAL_MS,
  syncSettleMs: config.CONTRACTS_SYNC_SETTLE_MS,
});

shutdownOnSignals({
  logger,
  timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  steps: [
    { name: "contracts service", close: () => service.close(config.SHUTDOWN_TIMEOUT_MS / 2) },
    { name: "broker", close: () => bus.close() },
    { name: "telemetry", close: () => telemetry.close() },
  ],
});
