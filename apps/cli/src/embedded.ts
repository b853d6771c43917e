import { join } from "node:path";
import { startAssetsService } from "@slms/assets";
import { startBillingService } from "@slms/billing";
import { consoleDistDir } from "@slms/console/dist-dir";
import { startContractsService } from "@slms/contracts-service";
import { parseKey, startCustomersService } from "@slms/customers";
import { applyMigrations, EMBEDDED_POOL_MAX } from "@slms/db";
import { type EdgeOptions, startFinanceService } from "@slms/finance";
import { type GatewayOptions, type RunningGateway, startGateway } from "@slms/gateway";
import { createLogger, type LevelWithSilent, type Logger } from "@slms/logging";
import { createInProcessBus } from "@slms/messaging";
import { startNotificationsService } from "@slms/notifications";
import { startOnboardingService } from "@slms/onboarding";
import { startPaymentsService } from "@slms/payments";
import { type SourceTargets, startReportingService } from "@slms/reporting";
import { runAsService } from "@slms/telemetry";
import type { RequestHandler } from "express";
import { embeddedSecret, lockDataDir } from "./data-dir.ts";
import { openEmbeddedDatabases } from "./embedded-databases.ts";
import { databases, serviceNames } from "./services.ts";

export interface EmbeddedOptions {
  dataDir: string;
  /** The launcher's logger; each service gets its own logger at the same level. */
  logger: Logger;
  /** HTTP port of the gateway; 0 picks a free one. */
  port: number;
  host?: string;
  jwtSecret?: string | undefined;
  admin: GatewayOptions["admin"];
  metricsHandler?: RequestHandler;
  /** The ERP's TLS gRPC edge (docs/integration.md); without it only API clients are served. */
  financeEdge?: EdgeOptions | undefined;
}

export interface EmbeddedPlatform {
  gatewayPort: number;
  assetsTarget: string;
  gateway: RunningGateway;
  /** Stops everything in order: HTTP, services, bus, databases. */
  close(): Promise<void>;
}

/**
 * The whole platform in this process, with no external server: one embedded PostgreSQL
 * (PGlite) under `dataDir` with a schema per service, migrations applied, the in-process event bus, and
 * in-memory rate limits and idempotency records. This is what `npm start` runs.
 */
export async function startEmbeddedPlatform(options: EmbeddedOptions): Promise<EmbeddedPlatform> {
  const { logger } = options;
  const unlock = lockDataDir(options.dataDir);
  const closers: (() => Promise<void>)[] = [async () => unlock()];
  try {
    const embedded = await openEmbeddedDatabases(options.dataDir, logger);
    closers.unshift(() => embedded.close());
    const { urls } = embedded;
    for (const name of serviceNames) {
      await applyMigrations({ url: urls[name], migrationsDir: databases[name].migrationsDir });
    }
    const bus = createInProcessBus({ logger });
    const level = logger.level as LevelWithSilent;
    closers.unshift(() => bus.close());

    // First: the in-process bus delivers an event only to queues subscribed when it is published,
    // and reporting reads every event.
    let sources: SourceTargets | undefined;
    let paymentsTarget: string | undefined;
    const reporting = await runAsService("reporting", () =>
      startReportingService({
        databaseUrl: urls.reporting,
        poolMax: EMBEDDED_POOL_MAX,
        bus,
        logger: createLogger({ service: "reporting", level }),
        grpcAddress: "127.0.0.1:0",
        sourceTargets: () => {
          if (!sources) throw new Error("the platform is still starting");
          return sources;
        },
      }),
    );
    closers.unshift(() => reporting.close(5_000));
    // Also before the services it hears from. E-mails and SMS are written to files, not sent.
    const notifications = await runAsService("notifications", () =>
      startNotificationsService({
        databaseUrl: urls.notifications,
        poolMax: EMBEDDED_POOL_MAX,
        bus,
        logger: createLogger({ service: "notifications", level }),
        grpcAddress: "127.0.0.1:0",
        channels: { outboxDirectory: join(options.dataDir, "outbox") },
        // Receipt PDFs from payments, which starts later.
        paymentsTarget: () => {
          if (!paymentsTarget) throw new Error("the platform is still starting");
          return paymentsTarget;
        },
      }),
    );
    closers.unshift(() => notifications.close(5_000));

    // Before billing and payments: it keeps a feed of their money events (docs/integration.md).
    const finance = await runAsService("finance", () =>
      startFinanceService({
        databaseUrl: urls.finance,
        poolMax: EMBEDDED_POOL_MAX,
        bus,
        logger: createLogger({ service: "finance", level }),
        grpcAddress: "127.0.0.1:0",
        owners: () => sources!,
        ...(options.financeEdge ? { edge: options.financeEdge } : {}),
      }),
    );
    closers.unshift(() => finance.close(5_000));

    const assets = await runAsService("assets", () =>
      startAssetsService({
        databaseUrl: urls.assets,
        poolMax: EMBEDDED_POOL_MAX,
        bus,
        logger: createLogger({ service: "assets", level }),
        grpcAddress: "127.0.0.1:0",
      }),
    );
    closers.unshift(() => assets.close(5_000));
    const assetsTarget = `127.0.0.1:${assets.port}`;

    const customers = await runAsService("customers", () =>
      startCustomersService({
        databaseUrl: urls.customers,
        poolMax: EMBEDDED_POOL_MAX,
        bus,
        logger: createLogger({ service: "customers", level }),
        grpcAddress: "127.0.0.1:0",
        encryptionKey: parseKey(embeddedSecret(options.dataDir, "customers-encryption-key", 32)),
        hmacKey: parseKey(embeddedSecret(options.dataDir, "customers-hmac-key", 32)),
      }),
    );
    closers.unshift(() => customers.close(5_000));
    const customersTarget = `127.0.0.1:${customers.port}`;

    const contracts = await runAsService("contracts", () =>
      startContractsService({
        databaseUrl: urls.contracts,
        poolMax: EMBEDDED_POOL_MAX,
        bus,
        logger: createLogger({ service: "contracts", level }),
        grpcAddress: "127.0.0.1:0",
        assetsTarget,
        customersTarget,
      }),
    );
    closers.unshift(() => contracts.close(5_000));
    const contractsTarget = `127.0.0.1:${contracts.port}`;

    const billing = await runAsService("billing", () =>
      startBillingService({
        databaseUrl: urls.billing,
        poolMax: EMBEDDED_POOL_MAX,
        bus,
        logger: createLogger({ service: "billing", level }),
        grpcAddress: "127.0.0.1:0",
        assetsTarget,
        customersTarget,
        contractsTarget,
        // PGlite runs one transaction at a time: a second site at once would only wait.
        runWorkers: 1,
      }),
    );
    closers.unshift(() => billing.close(5_000));
    const billingTarget = `127.0.0.1:${billing.port}`;

    const payments = await runAsService("payments", () =>
      startPaymentsService({
        databaseUrl: urls.payments,
        poolMax: EMBEDDED_POOL_MAX,
        bus,
        logger: createLogger({ service: "payments", level }),
        grpcAddress: "127.0.0.1:0",
        billingTarget,
        assetsTarget,
        customersTarget,
        contractsTarget,
      }),
    );
    closers.unshift(() => payments.close(5_000));
    paymentsTarget = `127.0.0.1:${payments.port}`;
    sources = {
      assets: assetsTarget,
      customers: customersTarget,
      contracts: contractsTarget,
      billing: billingTarget,
      payments: `127.0.0.1:${payments.port}`,
    };
    await runAsService("reporting", () => reporting.resumeRebuilds());

    const onboarding = await runAsService("onboarding", () =>
      startOnboardingService({
        databaseUrl: urls.onboarding,
        poolMax: EMBEDDED_POOL_MAX,
        bus,
        logger: createLogger({ service: "onboarding", level }),
        grpcAddress: "127.0.0.1:0",
        owners: () => sources!,
      }),
    );
    closers.unshift(() => onboarding.close(5_000));
    await runAsService("onboarding", () => onboarding.resumeImports());

    const gateway = await runAsService("gateway", () =>
      startGateway({
        logger: createLogger({ service: "gateway", level }),
        bus,
        databaseUrl: urls.gateway,
        poolMax: EMBEDDED_POOL_MAX,
        assetsTarget,
        customersTarget,
        contractsTarget,
        billingTarget,
        paymentsTarget: `127.0.0.1:${payments.port}`,
        reportingTarget: `127.0.0.1:${reporting.port}`,
        notificationsTarget: `127.0.0.1:${notifications.port}`,
        onboardingTarget: `127.0.0.1:${onboarding.port}`,
        financeTarget: `127.0.0.1:${finance.port}`,
        jwtSecret: options.jwtSecret ?? embeddedSecret(options.dataDir, "jwt-secret", 48),
        admin: options.admin,
        port: options.port,
        host: options.host ?? "0.0.0.0",
        consoleDir: consoleDistDir,
        ...(options.metricsHandler ? { metricsHandler: options.metricsHandler } : {}),
      }),
    );
    closers.unshift(() => gateway.close());

    return {
      gatewayPort: gateway.port,
      assetsTarget,
      gateway,
      async close() {
        for (const close of closers) await close();
      },
    };
  } catch (error) {
    for (const close of closers) await close().catch(() => undefined);
    throw error;
  }
}
