// Composition root of the finance service in infrastructure mode:
// config → telemetry → logger → TLS files → broker → service (change feed consumer, internal
// server, TLS edge) → shutdown.
import { readFileSync } from "node:fs";
import { ConfigError, describeConfig } from "@slms/config";
import { shutdownOnSignals } from "@slms/lifecycle";
import { createLogger } from "@slms/logging";
import { createRabbitBus } from "@slms/messaging";
import { startTelemetry } from "@slms/telemetry";
import { financeConfigSpec, loadFinanceConfig } from "./config.ts";
import { startFinanceService } from "./service.ts";

const config = loadFinanceConfig();
const telemetry = startTelemetry({
  serviceName: "finance",
  otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  metricsPort: config.METRICS_PORT,
});
const logger = createLogger({ service: "finance", level: config.LOG_LEVEL });
logger.info({ config: describeConfig(financeConfigSpec, config) }, "starting");

/** A PEM file named by a variable; unreadable or not PEM fails the start, naming the variable. */
function pem(variable: string, path: string): Buffer {
  let content: Buffer;
  try {
    content = readFileSync(path);
  } catch (error) {
    throw new ConfigError([{ variable, message: `cannot be read: ${(error as Error).message}` }]);
  }
  if (!content.includes("-----BEGIN ")) {
    throw new ConfigError([{ variable, message: "is not a PEM file" }]);
  }
  return content;
}

const tls = {
  certPem: pem("FINANCE_TLS_CERT_FILE", config.FINANCE_TLS_CERT_FILE),
  keyPem: pem("FINANCE_TLS_KEY_FILE", config.FINANCE_TLS_KEY_FILE),
  ...(config.FINANCE_TLS_CLIENT_CA_FILE
    ? { clientCaPem: pem("FINANCE_TLS_CLIENT_CA_FILE", config.FINANCE_TLS_CLIENT_CA_FILE) }
    : {}),
};

const bus = await createRabbitBus({
  url: config.RABBITMQ_URL,
  exchange: config.RABBITMQ_EXCHANGE,
  queuePrefix: config.RABBITMQ_QUEUE_PREFIX,
  logger,
  connectionName: "finance",
});
const service = await startFinanceService({
  databaseUrl: config.FINANCE_DATABASE_URL,
  poolMax: config.FINANCE_DB_POOL_MAX,
  bus,
  logger,
  grpcAddress: `0.0.0.0:${config.GRPC_PORT}`,
  apiCallRetentionDays: config.FINANCE_API_CALL_RETENTION_DAYS,
  edge: { host: config.FINANCE_EDGE_HOST, port: config.FINANCE_EDGE_PORT, tls },
  owners: () => ({
    assets: config.ASSETS_GRPC_URL,
    customers: config.CUSTOMERS_GRPC_URL,
    contracts: config.CONTRACTS_GRPC_URL,
    billing: config.BILLING_GRPC_URL,
    payments: config.PAYMENTS_GRPC_URL,
  }),
});

shutdownOnSignals({
  logger,
  timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  steps: [
    { name: "finance service", close: () => service.close(config.SHUTDOWN_TIMEOUT_MS / 2) },
    { name: "broker", close: () => bus.close() },
    { name: "telemetry", close: () => telemetry.close() },
  ],
});
