// Composition root of the gateway in infrastructure mode:
// config → telemetry → logger → gateway → shutdown on SIGTERM.
import { describeConfig } from "@slms/config";
import { shutdownOnSignals } from "@slms/lifecycle";
import { createLogger } from "@slms/logging";
import { createRabbitBus } from "@slms/messaging";
import { startTelemetry } from "@slms/telemetry";
import { gatewayConfigSpec, loadGatewayConfig } from "./config.ts";
import { startGateway } from "./service.ts";

const config = loadGatewayConfig();
const telemetry = startTelemetry({
  serviceName: "gateway",
  otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
});
const logger = createLogger({ service: "gateway", level: config.LOG_LEVEL });
logger.info({ config: describeConfig(gatewayConfigSpec, config) }, "starting");

const bus = await createRabbitBus({
  url: config.RABBITMQ_URL,
  exchange: config.RABBITMQ_EXCHANGE,
  queuePrefix: config.RABBITMQ_QUEUE_PREFIX,
  logger,
  connectionName: "gateway",
});
const gateway = await startGateway({
  logger,
  bus,
  port: config.PORT,
  databaseUrl: config.GATEWAY_DATABASE_URL,
  poolMax: config.GATEWAY_DB_POOL_MAX,
  assetsTarget: config.ASSETS_GRPC_URL,
  customersTarget: config.CUSTOMERS_GRPC_URL,
  contractsTarget: config.CONTRACTS_GRPC_URL,
  billingTarget: config.BILLING_GRPC_URL,
  paymentsTarget: config.PAYMENTS_GRPC_URL,
  reportingTarget: config.REPORTING_GRPC_URL,
  notificationsTarget: config.NOTIFICATIONS_GRPC_URL,
  onboardingTarget: config.ONBOARDING_GRPC_URL,
  financeTarget: config.FINANCE_GRPC_URL,
  redisUrl: config.REDIS_URL,
  jwtSecret: config.SLMS_JWT_SECRET,
  accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
  refreshTokenTtlDays: config.REFRESH_TOKEN_TTL_DAYS,
  loginMaxAttempts: config.LOGIN_MAX_ATTEMPTS,
  loginWindowSeconds: config.LOGIN_WINDOW_SECONDS,
  apiRateLimitPerMinute: config.API_RATE_LIMIT_PER_MINUTE,
  admin: config.SLMS_ADMIN_EMAIL
    ? {
        email: config.SLMS_ADMIN_EMAIL,
        password: config.SLMS_ADMIN_PASSWORD,
        orgCode: config.SLMS_ORG_CODE,
        orgName: config.SLMS_ORG_NAME,
      }
    : undefined,
  trustProxy: parseTrustProxy(config.TRUST_PROXY),
  consoleDir: config.CONSOLE_DIR,
  ...(config.METRICS_ENABLED ? { metricsHandler: telemetry.metricsHandler } : {}),
});
if (gateway.bootstrap?.created && gateway.bootstrap.generatedPassword) {
  logger.warn(
    { email: config.SLMS_ADMIN_EMAIL },
    `generated HQ admin password (shown once): ${gateway.bootstrap.generatedPassword}`,
  );
}

shutdownOnSignals({
  logger,
  timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  steps: [
    { name: "gateway", close: () => gateway.close() },
    { name: "broker", close: () => bus.close() },
    { name: "telemetry", close: () => telemetry.close() },
  ],
});

/**
 * `TRUST_PROXY` as express wants it. `true` (believe any X-Forwarded-For) is refused: anyone could
 * then pick the address their login attempts are counted under.
 */
function parseTrustProxy(value: string): string | number | boolean {
  if (value === "false" || value === "") return false;
  if (/^\d+$/.test(value)) return Number(value);
  if (value === "true")
    throw new Error("TRUST_PROXY=true trusts every client; name hops or subnets");
  return value;
}
