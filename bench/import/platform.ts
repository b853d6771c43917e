// The platform an import writes into, as the onboarding tests start it
// (services/onboarding/test/harness.ts): assets, customers, contracts, billing, payments and
// onboarding in this process, each on a fresh database of the machine's PostgreSQL, one
// in-process bus, an organisation and a site with its manager.
import { randomBytes } from "node:crypto";
import { migrationsDir as assetsMigrations, startAssetsService } from "@slms/assets";
import { migrationsDir as billingMigrations, startBillingService } from "@slms/billing";
import { AssetsServiceClient, type AssetsServiceDefinition } from "@slms/contracts/assets";
import {
  OnboardingServiceClient,
  type OnboardingServiceDefinition,
} from "@slms/contracts/onboarding";
import {
  migrationsDir as contractsMigrations,
  startContractsService,
} from "@slms/contracts-service";
import { migrationsDir as customersMigrations, startCustomersService } from "@slms/customers";
import { applyMigrations } from "@slms/db";
import { type Caller, createClient, type GrpcClient } from "@slms/grpc";
import { createLogger } from "@slms/logging";
import { createInProcessBus } from "@slms/messaging";
import { migrationsDir as onboardingMigrations, startOnboardingService } from "@slms/onboarding";
import { migrationsDir as paymentsMigrations, startPaymentsService } from "@slms/payments";
import pg from "pg";
import { recreateDatabases } from "../lib.ts";

const migrations = {
  assets: assetsMigrations,
  customers: customersMigrations,
  contracts: contractsMigrations,
  billing: billingMigrations,
  payments: paymentsMigrations,
  onboarding: onboardingMigrations,
};
export type ServiceName = keyof typeof migrations;

export const databaseNames = Object.fromEntries(
  Object.keys(migrations).map((name) => [name, `slms_bench_import_${name}`]),
) as Record<ServiceName, string>;

export interface Platform {
  onboarding: GrpcClient<OnboardingServiceDefinition>;
  /** The site's manager, who imports. */
  manager: Caller;
  siteId: string;
  /** Events every service wrote and the bus has not delivered yet. */
  undelivered(): Promise<Partial<Record<ServiceName, number>>>;
  /**
   * An import's steps as the onboarding database holds them — read beside the service, so that
   * watching a commit costs it nothing (GetImport reads the whole import, plan and workbook).
   */
  steps(importId: string): Promise<{ name: string; state: string }[]>;
  /** Stops the services (the databases stay: dropDatabases). */
  close(): Promise<void>;
}

export async function startPlatform(): Promise<Platform> {
  const urls = await recreateDatabases(databaseNames);
  await Promise.all(
    Object.entries(migrations).map(([name, dir]) =>
      applyMigrations({ url: urls[name as ServiceName], migrationsDir: dir }),
    ),
  );
  const logger = createLogger({
    service: "bench-import",
    level: (process.env.LOG_LEVEL ?? "silent") as "silent",
  });
  const bus = createInProcessBus({ logger });
  const closers: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const close of closers) await close().catch(() => undefined);
    await bus.close();
  };
  try {
    return await startServices();
  } catch (error) {
    await stop();
    throw error;
  }

  async function startServices(): Promise<Platform> {
    const ready = async <T extends { port: number; close(ms?: number): Promise<void> }>(
      started: Promise<T>,
    ) => {
      const service = await started;
      closers.unshift(() => service.close(0));
      return `127.0.0.1:${service.port}`;
    };
    const at = "127.0.0.1:0";
    const assets = await ready(
      startAssetsService({
        databaseUrl: urls.assets,
        bus,
        logger,
        grpcAddress: at,
        statusSyncIntervalMs: 0,
      }),
    );
    const customers = await ready(
      startCustomersService({
        databaseUrl: urls.customers,
        bus,
        logger,
        grpcAddress: at,
        encryptionKey: randomBytes(32),
        hmacKey: randomBytes(32),
      }),
    );
    const contracts = await ready(
      startContractsService({
        databaseUrl: urls.contracts,
        bus,
        logger,
        grpcAddress: at,
        assetsTarget: assets,
        customersTarget: customers,
        leaseJobIntervalMs: 0,
      }),
    );
    const billing = await ready(
      startBillingService({
        databaseUrl: urls.billing,
        bus,
        logger,
        grpcAddress: at,
        assetsTarget: assets,
        customersTarget: customers,
        contractsTarget: contracts,
        jobIntervalMs: 0,
      }),
    );
    const payments = await ready(
      startPaymentsService({
        databaseUrl: urls.payments,
        bus,
        logger,
        grpcAddress: at,
        billingTarget: billing,
        assetsTarget: assets,
        customersTarget: customers,
        contractsTarget: contracts,
        allocationRetryIntervalMs: 0,
      }),
    );
    const onboardingService = await startOnboardingService({
      databaseUrl: urls.onboarding,
      bus,
      logger,
      grpcAddress: at,
      owners: () => ({ assets, customers, contracts, billing, payments }),
      sweepIntervalMs: 0,
    });
    closers.unshift(() => onboardingService.close(0));

    const onboarding = createClient<OnboardingServiceDefinition>(
      OnboardingServiceClient,
      `127.0.0.1:${onboardingService.port}`,
      { deadlineMs: 600_000 },
    );
    const assetsClient = createClient<AssetsServiceDefinition>(AssetsServiceClient, assets);
    const system: Caller = {
      actor: "system:bench",
      orgId: "system",
      siteIds: "all",
      roles: ["system"],
    };
    const { organisation } = await assetsClient.CreateOrganisation(
      { code: "ORG-BENCH", name: "Bench" },
      { caller: system },
    );
    const hq: Caller = {
      actor: "usr_hq",
      orgId: organisation!.id,
      siteIds: "all",
      roles: ["hq_admin"],
    };
    const { site } = await assetsClient.CreateSite(
      {
        code: "GL-BENCH",
        name: "上海花园",
        kind: "SITE_KIND_RESIDENTIAL",
        timeZone: "Asia/Shanghai",
        currencyCode: "CNY",
      },
      { caller: hq },
    );
    assetsClient.close();

    const sql = Object.fromEntries(
      await Promise.all(
        Object.entries(urls).map(async ([name, url]) => {
          const client = new pg.Client({ connectionString: url as string });
          await client.connect();
          return [name, client] as const;
        }),
      ),
    ) as Record<ServiceName, pg.Client>;
    return {
      onboarding,
      manager: {
        actor: "usr_manager",
        orgId: hq.orgId,
        siteIds: [site!.id],
        roles: ["site_manager"],
      },
      siteId: site!.id,
      async undelivered() {
        const counts: Partial<Record<ServiceName, number>> = {};
        for (const [name, client] of Object.entries(sql)) {
          const { rows } = await client.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM outbox_messages WHERE published_at IS NULL",
          );
          if (rows[0]!.n > 0) counts[name as ServiceName] = rows[0]!.n;
        }
        return counts;
      },
      async steps(importId) {
        const { rows } = await sql.onboarding.query<{ steps: { name: string; state: string }[] }>(
          "SELECT steps FROM import_jobs WHERE id = $1",
          [importId],
        );
        return rows[0]?.steps ?? [];
      },
      async close() {
        onboarding.close();
        await Promise.all(Object.values(sql).map((client) => client.end()));
        await stop();
      },
    };
  }
}
