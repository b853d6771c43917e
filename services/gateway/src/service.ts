import type { Server } from "node:http";
import { AssetsServiceClient, type AssetsServiceDefinition } from "@slms/contracts/assets";
import { BillingServiceClient, type BillingServiceDefinition } from "@slms/contracts/billing";
import { CustomersServiceClient, type CustomersServiceDefinition } from "@slms/contracts/customers";
import {
  AccountingServiceClient,
  type AccountingServiceDefinition,
  ApiClientServiceClient,
  type ApiClientServiceDefinition,
  BankLineServiceClient,
  type BankLineServiceDefinition,
} from "@slms/contracts/finance";
import { LeaseServiceClient, type LeaseServiceDefinition } from "@slms/contracts/leases";
import {
  NotificationsServiceClient,
  type NotificationsServiceDefinition,
} from "@slms/contracts/notifications";
import {
  OnboardingServiceClient,
  type OnboardingServiceDefinition,
} from "@slms/contracts/onboarding";
import { PaymentServiceClient, type PaymentServiceDefinition } from "@slms/contracts/payments";
import { ReportingServiceClient, type ReportingServiceDefinition } from "@slms/contracts/reporting";
import { createOutboxStore, createPrismaClient } from "@slms/db";
import { createClient } from "@slms/grpc";
import type { Logger } from "@slms/logging";
import { type EventBus, startOutboxRelay } from "@slms/messaging";
import type { RequestHandler } from "express";
import type { Redis } from "ioredis";
import { createApp } from "./app.ts";
import { memoryRateLimiter, redisRateLimiter } from "./auth/rate-limiter.ts";
import { createAccessTokens } from "./auth/tokens.ts";
import type { GatewayDeps } from "./deps.ts";
import { PrismaClient } from "./generated/prisma/client.ts";
import { memoryIdempotencyStore, redisIdempotencyStore } from "./idempotency/store.ts";
import { createRedisClient } from "./redis.ts";
import { ensureAdmin } from "./use-cases/ensure-admin.ts";

export const migrationsDir = new URL("../prisma/migrations", import.meta.url).pathname;

export interface GatewayOptions {
  logger: Logger;
  databaseUrl: string;
  poolMax?: number;
  assetsTarget: string;
  customersTarget: string;
  contractsTarget: string;
  billingTarget: string;
  paymentsTarget: string;
  reportingTarget: string;
  notificationsTarget: string;
  onboardingTarget: string;
  /**
   * The finance edge's internal gRPC address (API clients); without it the API-client routes
   * answer 503. Readiness never waits for it: an ERP edge that is down must not take the
   * gateway (and every site's staff) out of service.
   */
  financeTarget?: string | undefined;
  /** Rate limits and idempotency records; in this process's memory when absent (one replica). */
  redisUrl?: string | undefined;
  /** Prefix of every Redis key the gateway writes (tests give each file its own). */
  redisKeyPrefix?: string;
  jwtSecret: string;
  accessTokenTtlSeconds?: number;
  refreshTokenTtlDays?: number;
  loginMaxAttempts?: number;
  loginWindowSeconds?: number;
  apiRateLimitPerMinute?: number;
  /** Created on start if absent. No password: one is generated and returned in `bootstrap`. */
  admin?:
    | { email: string; password?: string | undefined; orgCode: string; orgName: string }
    | undefined;
  trustProxy?: string | number | boolean;
  metricsHandler?: RequestHandler;
  /** The web console's build, served at `/` (apps/console/dist); not served when absent. */
  consoleDir?: string | undefined;
  /** `host` to listen on and port; 0 picks a free port. */
  host?: string;
  port: number;
  /** Where the gateway's events (users created) are published, by its outbox relay. */
  bus: EventBus;
}

export interface RunningGateway {
  port: number;
  /** What the first start created, for the launcher to print once. */
  bootstrap: Awaited<ReturnType<typeof ensureAdmin>> | null;
  deps: GatewayDeps;
  /**
   * Stops accepting, lets requests in flight finish for up to `graceMs` (default 10 s), then
   * drops the connections left, and closes the clients and the database.
   */
  close(graceMs?: number): Promise<void>;
}

/**
 * The gateway's dependencies without the HTTP server: database, assets client, token signer,
 * rate limiter, idempotency store. Used by `startGateway` and by the admin CLI.
 */
export async function openGatewayDeps(
  options: Omit<
    GatewayOptions,
    "port" | "host" | "admin" | "trustProxy" | "metricsHandler" | "bus" | "consoleDir"
  >,
): Promise<{ deps: GatewayDeps; redis: Redis | null; close(): Promise<void> }> {
  const { logger } = options;
  const db = createPrismaClient(PrismaClient, {
    url: options.databaseUrl,
    poolMax: options.poolMax ?? 10,
  });
  const assets = createClient<AssetsServiceDefinition>(AssetsServiceClient, options.assetsTarget, {
    idempotent: [
      "GetOrganisation",
      "GetSite",
      "ListSites",
      "ListBuildings",
      "GetUnit",
      "ListUnits",
      "ListUnitStatusHistory",
    ],
  });
  const customers = createClient<CustomersServiceDefinition>(
    CustomersServiceClient,
    options.customersTarget,
    {
      idempotent: ["GetCustomer", "ListCustomers"],
    },
  );
  const leases = createClient<LeaseServiceDefinition>(LeaseServiceClient, options.contractsTarget, {
    idempotent: ["GetLease", "ListLeases", "PreviewTermination", "GetLeaseSchedule"],
  });
  const billing = createClient<BillingServiceDefinition>(
    BillingServiceClient,
    options.billingTarget,
    {
      idempotent: [
        "ListFeeItems",
        "GetBillingRun",
        "ListBills",
        "GetBill",
        "GetStatement",
        "GetLeaseBalance",
      ],
    },
  );
  const payments = createClient<PaymentServiceDefinition>(
    PaymentServiceClient,
    options.paymentsTarget,
    {
      idempotent: ["GetPayment", "ListPayments", "GetReceiptPdf", "GetDepositLedger"],
    },
  );
  const reporting = createClient<ReportingServiceDefinition>(
    ReportingServiceClient,
    options.reportingTarget,
    {
      idempotent: [
        "GetOccupancy",
        "GetDataFreshness",
        "GetPaymentJournal",
        "GetLeaseExpiry",
        "GetRentRoll",
        "GetDashboard",
        "GetReceivablesAgeing",
        "GetCollectionRate",
        "GetRevenue",
        "ListAuditEntries",
        "GetOccupancyHistory",
        "GetRentYield",
      ],
    },
  );
  const notifications = createClient<NotificationsServiceDefinition>(
    NotificationsServiceClient,
    options.notificationsTarget,
    {
      idempotent: [
        "GetSiteSettings",
        "ListTemplates",
        "PreviewTemplate",
        "ListNotifications",
        "ListOutboxFiles",
      ],
    },
  );
  const onboarding = createClient<OnboardingServiceDefinition>(
    OnboardingServiceClient,
    options.onboardingTarget,
    { idempotent: ["GetTemplate", "GetImport", "ListImports", "GetErrorWorkbook"] },
  );
  const apiClients = options.financeTarget
    ? createClient<ApiClientServiceDefinition>(ApiClientServiceClient, options.financeTarget, {
        idempotent: ["ListApiClients"],
      })
    : null;
  const accounting = options.financeTarget
    ? createClient<AccountingServiceDefinition>(AccountingServiceClient, options.financeTarget, {
        idempotent: ["GetAccountMapping", "SetAccountMapping"],
      })
    : null;
  const bankLines = options.financeTarget
    ? createClient<BankLineServiceDefinition>(BankLineServiceClient, options.financeTarget, {
        // Resolving is once per line (request id bank:<line>): a retry answers the same.
        idempotent: ["ListBankLines", "ResolveBankLine", "DismissBankLine"],
      })
    : null;
  const redis = options.redisUrl ? createRedisClient(options.redisUrl, logger) : null;
  if (redis) await redis.connect();
  else
    logger.warn(
      "no REDIS_URL: rate limits and idempotency records are kept in memory (single replica only)",
    );
  const prefix = options.redisKeyPrefix ?? "slms:";
  const deps: GatewayDeps = {
    db,
    assets,
    customers,
    leases,
    billing,
    payments,
    reporting,
    notifications,
    onboarding,
    apiClients,
    accounting,
    bankLines,
    logger,
    tokens: createAccessTokens(options.jwtSecret, options.accessTokenTtlSeconds ?? 900),
    rateLimiter: redis ? redisRateLimiter(redis, `${prefix}rl:`) : memoryRateLimiter(),
    idempotency: redis ? redisIdempotencyStore(redis, `${prefix}idem:`) : memoryIdempotencyStore(),
    limits: {
      loginAttempts: options.loginMaxAttempts ?? 10,
      loginWindowMs: (options.loginWindowSeconds ?? 900) * 1000,
      requestsPerMinute: options.apiRateLimitPerMinute ?? 1_200,
    },
    refreshTokenTtlMs: (options.refreshTokenTtlDays ?? 30) * 86_400_000,
  };
  return {
    deps,
    redis,
    async close() {
      assets.close();
      customers.close();
      leases.close();
      billing.close();
      payments.close();
      reporting.close();
      notifications.close();
      onboarding.close();
      apiClients?.close();
      accounting?.close();
      bankLines?.close();
      redis?.disconnect();
      await db.$disconnect();
    },
  };
}

/** Starts the HTTP gateway on already-migrated storage. */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { logger } = options;
  const opened = await openGatewayDeps(options);
  const { deps, redis } = opened;
  const { db, assets } = deps;
  // The gateway's events are rare (users created): a second's delay is fine.
  const relay = startOutboxRelay({
    source: createOutboxStore(db),
    bus: options.bus,
    logger,
    service: "gateway",
    idleMs: 1_000,
  });

  await assets.waitForReady(30_000);
  const bootstrap = options.admin ? await ensureAdmin(db, assets, options.admin) : null;
  if (bootstrap?.created)
    logger.info({ email: options.admin?.email, orgId: bootstrap.orgId }, "created HQ admin");

  const app = createApp(deps, {
    version: "0.1.0",
    trustProxy: options.trustProxy ?? false,
    consoleDir: options.consoleDir,
    ...(options.metricsHandler ? { metricsHandler: options.metricsHandler } : {}),
    readiness: async () => ({
      database: await db.$queryRaw`SELECT 1`.then(
        () => true,
        () => false,
      ),
      ...Object.fromEntries(
        await Promise.all(
          (
            [
              "assets",
              "customers",
              "leases",
              "billing",
              "payments",
              "reporting",
              "notifications",
              "onboarding",
            ] as const
          ).map(async (name) => [
            name,
            await deps[name].waitForReady(1_000).then(
              () => true,
              () => false,
            ),
          ]),
        ),
      ),
      ...(redis
        ? {
            redis: await redis.ping().then(
              () => true,
              () => false,
            ),
          }
        : {}),
    }),
  });
  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(options.port, options.host ?? "0.0.0.0", (error?: Error) =>
      error ? reject(error) : resolve(listening),
    );
  });
  server.keepAliveTimeout = 65_000;
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  logger.info({ port }, "gateway listening");

  return {
    port,
    bootstrap,
    deps,
    async close(graceMs = 10_000) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        server.closeIdleConnections();
      });
      await relay.close();
      await opened.close();
    },
  };
}
