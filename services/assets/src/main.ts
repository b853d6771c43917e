// Composition root of the assets service in infrastructure mode:
// config → telemetry → logger → broker → service → shutdown on SIGTERM.
import { describeConfig } from "@slms/config";
import { shutdownOnSignals } from "@slms/lifecycle";
import { createLogger } from "@slms/logging";
import { createRabbitBus } from "@slms/messaging";
import { startTelemetry } from "@slms/telemetry";
import { assetsConfigSpec, loadAssetsConfig } from "./config.ts";
import { startAssetsService } from "./service.ts";

const config = loadAssetsConfig();
const telemetry = startTelemetry({
  serviceName: "assets",
  otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  metricsPort: config.METRICS_PORT,
});
const logger = createLogger({ service: "assets", level: config.LOG_LEVEL });
logger.info({ config: describeConfig(assetsConfigSpec, config) }, "starting");

const bus = await createRabbitBus({
  url: config.RABBITMQ_URL,
  exchange: config.RABBITMQ_EXCHANGE,
  queuePrefix: config.RABBITMQ_QUEUE_PREFIX,
  logger,
  connectionName: "assets",
});
const service = await startAssetsService({
  databaseUrl: config.ASSETS_DATABASE_URL,
  poolMax: config.ASSETS_DB_POOL_MAX,
  bus,
  logger,
  grpcAddress: `0.0.0.0:${config.GRPC_PORT}`,
  statusSyncIntervalMs: config.STATUS_SYNC_INTERVAL_MS,
  syncSettleMs: config.ASSETS_SYNC_SETTLE_MS,
});

shutdownOnSignals({
  logger,
  timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  steps: [
    { name: "assets service", close: () => service.close(config.SHUTDOWN_TIMEOUT_MS / 2) },
    { name: "broker", close: () => bus.close() },
    { name: "telemetry", close: () => telemetry.close() },
  ],
});
