import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  migrationsDir as assetsMigrations,
  type RunningAssetsService,
  startAssetsService,
} from "@slms/assets";
import { migrationsDir as billingMigrations, startBillingService } from "@slms/billing";
import {
  migrationsDir as contractsMigrations,
  startContractsService,
} from "@slms/contracts-service";
import { migrationsDir as customersMigrations, startCustomersService } from "@slms/customers";
import {
  migrationsDir as financeMigrations,
  type RunningFinanceService,
  startFinanceService,
} from "@slms/finance";
import { createLogger, type Logger } from "@slms/logging";
import { createInProcessBus } from "@slms/messaging";
import {
  migrationsDir as notificationsMigrations,
  startNotificationsService,
} from "@slms/notifications";
import { migrationsDir as onboardingMigrations, startOnboardingService } from "@slms/onboarding";
import { migrationsDir as paymentsMigrations, startPaymentsService } from "@slms/payments";
import {
  type RunningReportingService,
  migrationsDir as reportingMigrations,
  type SourceTargets,
  startReportingService,
} from "@slms/reporting";
import { createTestDatabase, createTestRedis } from "@slms/testing";
import type { RequestHandler } from "express";
import { migrationsDir, type RunningGateway, startGateway } from "../src/service.ts";

export const JWT_SECRET = "test-secret-test-secret-test-secret-0123";
export const ADMIN = { email: "admin@test.slms", password: "admin-password-1" };

export interface Harness {
  baseUrl: string;
  gateway: RunningGateway;
  /** Every database of the platform under test (gateway and each service), by service. */
  databaseUrls: Record<string, string>;
  /** Reporting's database (its read models change after the requests that cause them). */
  reportingDatabaseUrl: string;
  /** Notifications' database (it hears of users and bills from events, after the requests). */
  notificationsDatabaseUrl: string;
  reporting: RunningReportingService;
  /** The finance service (the ERP edge's feed and journal; its edge port is not started). */
  finance: RunningFinanceService;
  api(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<ApiResponse>;
  login(email: string, password: string): Promise<string>;
  close(): Promise<void>;
}

export interface ApiResponse {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies are checked by the tests
  body: any;
  /** The body as sent (JSON bodies parsed into `body`). */
  text: string;
  headers: Headers;
}

/**
 * The gateway and the assets service on fresh databases of the machine's PostgreSQL, with the
 * machine's Redis (own key prefix) or the caller's (`redisUrl`), for HTTP tests.
 */
export async function startHarness(
  label: string,
  overrides: {
    loginMaxAttempts?: number;
    apiRateLimitPerMinute?: number;
    trustProxy?: string | number | boolean;
    /** The web console's build, served at `/`. */
    consoleDir?: string;
    /** A Redis of the caller's own (e.g. one it stops and starts); default: the machine's. */
    redisUrl?: string;
    /** Served at `/metrics` (e.g. `startTelemetry(…).metricsHandler`). */
    metricsHandler?: RequestHandler;
    /** Every service's logger (default: silent). */
    logger?: Logger;
  } = {},
): Promise<Harness> {
  const logger =
    overrides.logger ?? createLogger({ service: `gateway-test-${label}`, level: "silent" });
  const database = (dir: string, name: string) =>
    createTestDatabase({ migrationsDir: dir, label: `${label}_${name}` });
  const [
    assetsDb,
    gatewayDb,
    customersDb,
    contractsDb,
    billingDb,
    paymentsDb,
    reportingDb,
    notificationsDb,
    onboardingDb,
    financeDb,
  ] = await Promise.all([
    database(assetsMigrations, "assets"),
    database(migrationsDir, "gateway"),
    database(customersMigrations, "customers"),
    database(contractsMigrations, "contracts"),
    database(billingMigrations, "billing"),
    database(paymentsMigrations, "payments"),
    database(reportingMigrations, "reporting"),
    database(notificationsMigrations, "notifications"),
    database(onboardingMigrations, "onboarding"),
    database(financeMigrations, "finance"),
  ]);
  const redis = overrides.redisUrl
    ? { url: overrides.redisUrl, prefix: "test:", close: async () => {} }
    : createTestRedis();
  const bus = createInProcessBus({ logger });
  // First: the in-process bus delivers only to queues subscribed when an event is published.
  let sources: SourceTargets | undefined;
  const reporting = await startReportingService({
    databaseUrl: reportingDb.url,
    bus,
    logger,
    grpcAddress: "127.0.0.1:0",
    sourceTargets: () => {
      if (!sources) throw new Error("the platform is still starting");
      return sources;
    },
  });
  const outboxDirectory = await mkdtemp(join(tmpdir(), `slms-${label}-outbox-`));
  const notifications = await startNotificationsService({
    databaseUrl: notificationsDb.url,
    bus,
    logger,
    grpcAddress: "127.0.0.1:0",
    channels: { outboxDirectory },
    schedulerIntervalMs: 0,
    dispatchIntervalMs: 0,
  });
  // Before billing and payments: it keeps a feed of their money events.
  const finance = await startFinanceService({
    databaseUrl: financeDb.url,
    bus,
    logger,
    grpcAddress: "127.0.0.1:0",
    owners: () => sources!,
  });
  const assets: RunningAssetsService = await startAssetsService({
    databaseUrl: assetsDb.url,
    bus,
    logger,
    grpcAddress: "127.0.0.1:0",
  });
  const customers = await startCustomersService({
    databaseUrl: customersDb.url,
    bus,
    logger,
    grpcAddress: "127.0.0.1:0",
    encryptionKey: randomBytes(32),
    hmacKey: randomBytes(32),
  });
  const contracts = await startContractsService({
    databaseUrl: contractsDb.url,
    bus,
    logger,
    grpcAddress: "127.0.0.1:0",
    assetsTarget: `127.0.0.1:${assets.port}`,
    customersTarget: `127.0.0.1:${customers.port}`,
    leaseJobIntervalMs: 0,
  });
  const billing = await startBillingService({
    databaseUrl: billingDb.url,
    bus,
    logger,
    grpcAddress: "127.0.0.1:0",
    assetsTarget: `127.0.0.1:${assets.port}`,
    customersTarget: `127.0.0.1:${customers.port}`,
    contractsTarget: `127.0.0.1:${contracts.port}`,
    jobIntervalMs: 0,
  });
  const payments = await startPaymentsService({
    databaseUrl: paymentsDb.url,
    bus,
    logger,
    grpcAddress: "127.0.0.1:0",
    billingTarget: `127.0.0.1:${billing.port}`,
    assetsTarget: `127.0.0.1:${assets.port}`,
    customersTarget: `127.0.0.1:${customers.port}`,
    contractsTarget: `127.0.0.1:${contracts.port}`,
    allocationRetryIntervalMs: 0,
  });
  sources = {
    assets: `127.0.0.1:${assets.port}`,
    customers: `127.0.0.1:${customers.port}`,
    contracts: `127.0.0.1:${contracts.port}`,
    billing: `127.0.0.1:${billing.port}`,
    payments: `127.0.0.1:${payments.port}`,
  };
  const onboarding = await startOnboardingService({
    databaseUrl: onboardingDb.url,
    bus,
    logger,
    grpcAddress: "127.0.0.1:0",
    owners: () => sources!,
    sweepIntervalMs: 0,
  });
  const gateway = await startGateway({
    logger,
    bus,
    databaseUrl: gatewayDb.url,
    assetsTarget: `127.0.0.1:${assets.port}`,
    customersTarget: `127.0.0.1:${customers.port}`,
    contractsTarget: `127.0.0.1:${contracts.port}`,
    billingTarget: `127.0.0.1:${billing.port}`,
    paymentsTarget: `127.0.0.1:${payments.port}`,
    reportingTarget: `127.0.0.1:${reporting.port}`,
    notificationsTarget: `127.0.0.1:${notifications.port}`,
    onboardingTarget: `127.0.0.1:${onboarding.port}`,
    financeTarget: `127.0.0.1:${finance.port}`,
    redisUrl: redis.url,
    redisKeyPrefix: redis.prefix,
    jwtSecret: JWT_SECRET,
    loginMaxAttempts: overrides.loginMaxAttempts ?? 50,
    ...(overrides.trustProxy === undefined ? {} : { trustProxy: overrides.trustProxy }),
    consoleDir: overrides.consoleDir,
    ...(overrides.metricsHandler ? { metricsHandler: overrides.metricsHandler } : {}),
    ...(overrides.apiRateLimitPerMinute === undefined
      ? {}
      : { apiRateLimitPerMinute: overrides.apiRateLimitPerMinute }),
    admin: {
      email: ADMIN.email,
      password: ADMIN.password,
      orgCode: `ORG-${label}`,
      orgName: "Test Group",
    },
    host: "127.0.0.1",
    port: 0,
  });
  const baseUrl = `http://127.0.0.1:${gateway.port}`;

  const api: Harness["api"] = async (method, path, options = {}) => {
    const response = await fetch(baseUrl + path, {
      method,
      headers: {
        ...(options.body === undefined ? {} : { "content-type": "application/json" }),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      body:
        options.body === undefined
          ? undefined
          : typeof options.body === "string"
            ? options.body
            : JSON.stringify(options.body),
    });
    const text = await response.text();
    const json = response.headers.get("content-type")?.includes("json") ?? false;
    return {
      status: response.status,
      body: text && json ? JSON.parse(text) : text || null,
      text,
      headers: response.headers,
    };
  };

  return {
    baseUrl,
    gateway,
    databaseUrls: {
      gateway: gatewayDb.url,
      assets: assetsDb.url,
      customers: customersDb.url,
      contracts: contractsDb.url,
      billing: billingDb.url,
      payments: paymentsDb.url,
      // Not reporting: its read models change as events arrive, after the request that caused them.
    },
    reportingDatabaseUrl: reportingDb.url,
    notificationsDatabaseUrl: notificationsDb.url,
    reporting,
    finance,
    api,
    async login(email, password) {
      const response = await api("POST", "/api/v1/auth/login", { body: { email, password } });
      if (response.status !== 200)
        throw new Error(`login ${email}: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body.accessToken as string;
    },
    async close() {
      // Bounded: each server gets 1 s for calls in flight; then the databases go, together.
      await gateway.close(1_000);
      await Promise.all([
        payments.close(1_000),
        billing.close(1_000),
        contracts.close(1_000),
        customers.close(1_000),
        redis.close(),
      ]);
      await assets.close(1_000);
      await reporting.close(1_000);
      await notifications.close(1_000);
      await onboarding.close(1_000);
      await finance.close(1_000);
      await rm(outboxDirectory, { recursive: true, force: true });
      await Promise.all(
        [
          gatewayDb,
          billingDb,
          paymentsDb,
          contractsDb,
          customersDb,
          assetsDb,
          reportingDb,
          notificationsDb,
          onboardingDb,
          financeDb,
        ].map((db) => db.close()),
      );
    },
  };
}
