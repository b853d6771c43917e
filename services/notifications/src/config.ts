import {
  bool,
  brokerSpec,
  commonServiceSpec,
  hostPort,
  int,
  loadConfig,
  optional,
  port,
  str,
  url,
} from "@slms/config";

/** Every environment variable the notifications service reads (infrastructure mode). */
export const notificationsConfigSpec = {
  ...commonServiceSpec,
  ...brokerSpec,
  NOTIFICATIONS_DATABASE_URL: url({
    protocols: ["postgresql", "postgres"],
    doc: "the notifications database",
  }),
  NOTIFICATIONS_DB_POOL_MAX: int({ default: 10, min: 1, max: 100 }),
  GRPC_PORT: port({ default: 50057 }),
  METRICS_PORT: optional(port()),
  SMTP_HOST: optional(str({ doc: "SMTP server for e-mail; unset: no e-mail channel" })),
  SMTP_PORT: int({ default: 587, min: 1, max: 65535 }),
  SMTP_SECURE: bool({ default: false, doc: "TLS from the start (port 465)" }),
  SMTP_USER: optional(str()),
  SMTP_PASSWORD: optional(str({ secret: true })),
  SMTP_FROM: str({ default: "SLMS <noreply@localhost>", doc: "From header of e-mails" }),
  ALIYUN_SMS_ACCESS_KEY_ID: optional(str({ doc: "Alibaba Cloud SMS; unset: no SMS channel" })),
  ALIYUN_SMS_ACCESS_KEY_SECRET: optional(str({ secret: true })),
  ALIYUN_SMS_SIGN_NAME: optional(str()),
  ALIYUN_SMS_ENDPOINT: optional(url({ protocols: ["https", "http"] })),
  ALIYUN_SMS_TEMPLATE_CODES: optional(
    str({ doc: 'JSON: each kind\'s approved template code, {"dunning":"SMS_1",…}' }),
  ),
  NOTIFICATIONS_WEBHOOKS: bool({ default: true, doc: "false turns the webhook channel off" }),
  NOTIFICATIONS_WEBHOOK_ALLOW_INTERNAL: bool({
    default: false,
    doc: "let webhooks reach loopback and private networks (refused by default)",
  }),
  NOTIFICATIONS_OUTBOX_DIR: optional(
    str({ doc: "write e-mails and SMS into this directory instead of sending them" }),
  ),
  NOTIFICATIONS_RECEIPT_URL: str({
    default: "",
    doc: "receipt link in receipt messages; {paymentId} is replaced",
  }),
  PAYMENTS_GRPC_URL: optional(
    hostPort({
      doc: "payments, for the receipt PDF attached to receipt e-mails; unset: link only",
    }),
  ),
  NOTIFICATIONS_SCHEDULER_INTERVAL_MS: int({ default: 60_000, min: 0 }),
  NOTIFICATIONS_DISPATCH_INTERVAL_MS: int({ default: 2_000, min: 0 }),
};

export const loadNotificationsConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig(notificationsConfigSpec, env);
