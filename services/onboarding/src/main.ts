// Composition root of the onboarding service in infrastructure mode:
// config → telemetry → logger → broker → service → shutdown on SIGTERM.
import { describeConfig } from "@slms/config";
import { shutdownOnSignals } from "@slms/lifecycle";
import { createLogger } from "@slms/logging";
import { createRabbitBus } from "@slms/messaging";
import { startTelemetry } from "@slms/telemetry";
import { loadOnboardingConfig, onboardingConfigSpec } from "./config.ts";
import { startOnboardingService } from "./service.ts";

const config = loadOnboardingConfig();
const telemetry = startTelemetry({
  serviceName: "onboarding",
  otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  metricsPort: config.METRICS_PORT,
});
const logger = createLogger({ service: "onboarding", level: config.LOG_LEVEL });
logger.info({ config: describeConfig(onboardingConfigSpec, config) }, "starting");

const bus = await createRabbitBus({
  url: config.RABBITMQ_URL,
  exchange: config.RABBITMQ_EXCHANGE,
  queuePrefix: config.RABBITMQ_QUEUE_PREFIX,
  logger,
  connectionName: "onboarding",
});
const service = await startOnboardingService({
  databaseUrl: config.ONBOARDING_DATABASE_URL,
  poolMax: config.ONBOARDING_DB_POOL_MAX,
  bus,
  logger,
  grpcAddress: `0.0.0.0:${config.GRPC_PORT}`,
  owners: () => ({
    assets: config.ASSETS_GRPC_URL,
    customers: config.CUSTOMERS_GRPC_URL,
    contracts: config.CONTRACTS_GRPC_URL,
    billing: config.BILLING_GRPC_URL,
    payments: config.PAYMENTS_GRPC_URL,
  }),
});
await service.resumeImports();

shutdownOnSignals({
  logger,
  timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  steps: [
    { name: "onboarding service", close: () => service.close(config.SHUTDOWN_TIMEOUT_MS / 2) },
    { name: "broker", close: () => bus.close() },
    { name: "telemetry", close: () => telemetry.close() },
  ],
});
