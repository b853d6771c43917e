// Composition root of the customers service in infrastructure mode:
// config → telemetry → logger → broker → service → shutdown on SIGTERM.
import { describeConfig } from "@slms/config";
import { shutdownOnSignals } from "@slms/lifecycle";
import { createLogger } from "@slms/logging";
import { createRabbitBus } from "@slms/messaging";
import { startTelemetry } from "@slms/telemetry";
import { customersConfigSpec, loadCustomersConfig } from "./config.ts";
import { startCustomersService } from "./service.ts";

const config = loadCustomersConfig();
const telemetry = startTelemetry({
  serviceName: "customers",
  otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  metricsPort: config.METRICS_PORT,
});
const logger = createLogger({ service: "customers", level: config.LOG_LEVEL });
logger.info({ config: describeConfig(customersConfigSpec, config) }, "starting");

const bus = await createRabbitBus({
  url: config.RABBITMQ_URL,
  exchange: config.RABBITMQ_EXCHANGE,
  queuePrefix: config.RABBITMQ_QUEUE_PREFIX,
  logger,
  connectionName: "customers",
});
const service = await startCustomersService({
  databaseUrl: config.CUSTOMERS_DATABASE_URL,
  poolMax: config.CUSTOMERS_DB_POOL_MAX,
  bus,
  logger,
  grpcAddress: `0.0.0.0:${config.GRPC_PORT}`,
  encryptionKey: config.CUSTOMERS_ENCRYPTION_KEY,
  hmacKey: config.CUSTOMERS_HMAC_KEY,
  syncSettleMs: config.CUSTOMERS_SYNC_SETTLE_MS,
});

shutdownOnSignals({
  logger,
  timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  steps: [
    { name: "customers service", close: () => service.close(config.SHUTDOWN_TIMEOUT_MS / 2) },
    { name: "broker", close: () => bus.close() },
    { name: "telemetry", close: () => telemetry.close() },
  ],
});
