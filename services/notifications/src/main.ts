// Composition root of the notifications service in infrastructure mode:
// config → telemetry → logger → broker → service → shutdown on SIGTERM.
import { describeConfig } from "@slms/config";
import { shutdownOnSignals } from "@slms/lifecycle";
import { createLogger } from "@slms/logging";
import { createRabbitBus } from "@slms/messaging";
import { startTelemetry } from "@slms/telemetry";
import type { ChannelOptions } from "./channels/transports.ts";
import { loadNotificationsConfig, notificationsConfigSpec } from "./config.ts";
import { startNotificationsService } from "./service.ts";

const config = loadNotificationsConfig();
const telemetry = startTelemetry({
  serviceName: "notifications",
  otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  metricsPort: config.METRICS_PORT,
});
const logger = createLogger({ service: "notifications", level: config.LOG_LEVEL });
logger.info({ config: describeConfig(notificationsConfigSpec, config) }, "starting");

const channels: ChannelOptions = {
  outboxDirectory: config.NOTIFICATIONS_OUTBOX_DIR,
  webhooks: config.NOTIFICATIONS_WEBHOOKS,
  webhookAllowInternal: config.NOTIFICATIONS_WEBHOOK_ALLOW_INTERNAL,
  smtp: config.SMTP_HOST
    ? {
        host: config.SMTP_HOST,
        port: config.SMTP_PORT,
        secure: config.SMTP_SECURE,
        user: config.SMTP_USER,
        password: config.SMTP_PASSWORD,
        from: config.SMTP_FROM,
      }
    : undefined,
  aliyunSms:
    config.ALIYUN_SMS_ACCESS_KEY_ID && config.ALIYUN_SMS_ACCESS_KEY_SECRET
      ? {
          endpoint: config.ALIYUN_SMS_ENDPOINT,
          accessKeyId: config.ALIYUN_SMS_ACCESS_KEY_ID,
          accessKeySecret: config.ALIYUN_SMS_ACCESS_KEY_SECRET,
          signName: config.ALIYUN_SMS_SIGN_NAME ?? "",
          templateCodes: JSON.parse(config.ALIYUN_SMS_TEMPLATE_CODES ?? "{}"),
        }
      : undefined,
};

const bus = await createRabbitBus({
  url: config.RABBITMQ_URL,
  exchange: config.RABBITMQ_EXCHANGE,
  queuePrefix: config.RABBITMQ_QUEUE_PREFIX,
  logger,
  connectionName: "notifications",
});
const service = await startNotificationsService({
  databaseUrl: config.NOTIFICATIONS_DATABASE_URL,
  poolMax: config.NOTIFICATIONS_DB_POOL_MAX,
  bus,
  logger,
  grpcAddress: `0.0.0.0:${config.GRPC_PORT}`,
  channels,
  receiptUrl: config.NOTIFICATIONS_RECEIPT_URL,
  paymentsTarget: config.PAYMENTS_GRPC_URL,
  schedulerIntervalMs: config.NOTIFICATIONS_SCHEDULER_INTERVAL_MS,
  dispatchIntervalMs: config.NOTIFICATIONS_DISPATCH_INTERVAL_MS,
});

shutdownOnSignals({
  logger,
  timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  steps: [
    { name: "notifications service", close: () => service.close(config.SHUTDOWN_TIMEOUT_MS / 2) },
    { name: "broker", close: () => bus.close() },
    { name: "telemetry", close: () => telemetry.close() },
  ],
});
