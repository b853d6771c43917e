import { randomBytes } from "node:crypto";
import { migrationsDir as assetsMigrations, startAssetsService } from "@slms/assets";
import { migrationsDir as billingMigrations, startBillingService } from "@slms/billing";
import type { EventEnvelope } from "@slms/contracts";
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
import { type Caller, createClient, type GrpcClient } from "@slms/grpc";
import { createLogger } from "@slms/logging";
import { createInProcessBus } from "@slms/messaging";
import { migrationsDir as paymentsMigrations, startPaymentsService } from "@slms/payments";
import { createTestDatabase } from "@slms/testing";
import {
  migrationsDir,
  type RunningOnboardingService,
  startOnboardingService,
} from "../src/service.ts";
import type { Owners } from "../src/sources.ts";

export interface Harness {
  onboarding: GrpcClient<OnboardingServiceDefinition>;
  service: RunningOnboardingService;
  assets: GrpcClient<AssetsServiceDefinition>;
  /** The owning services as onboarding reaches them. */
  owners: () => Owners;
  /** A site manager of `siteId`, as the gateway sends them on the site's routes. */
  manager: Caller;
  hq: Caller;
  siteId: string;
  otherSiteId: string;
  /** Every event published, in order. */
  events: EventEnvelope[];
  /** An owning service's database, to look at (or set up) what it holds. */
  databaseUrl(service: OwnerName): string;
  /** Stops one owning service (to fail a commit at its step); `restart` brings it back. */
  stop(service: OwnerName): Promise<void>;
  restart(service: OwnerName): Promise<void>;
  close(): Promise<void>;
}

export type OwnerName = "assets" | "customers" | "contracts" | "billing" | "payments";

/**
 * Onboarding with every owning service on fresh databases of the machine's PostgreSQL and one
 * in-process bus; owning services can be stopped and restarted on their port to fail a commit.
 */
export async function startHarness(label: string): Promise<Harness> {
  const logger = createLogger({ service: `onboarding-test-${label}`, level: "silent" });
  const db = (dir: string, name: string) =>
    createTestDatabase({ migrationsDir: dir, label: `${label}_${name}` });
  const [assetsDb, customersDb, contractsDb, billingDb, paymentsDb, onboardingDb] =
    await Promise.all([
      db(assetsMigrations, "assets"),
      db(customersMigrations, "customers"),
      db(contractsMigrations, "contracts"),
      db(billingMigrations, "billing"),
      db(paymentsMigrations, "payments"),
      db(migrationsDir, "onboarding"),
    ]);
  const bus = createInProcessBus({ logger });
  const events: EventEnvelope[] = [];
  await bus.subscribe({
    queue: "test.all",
    bindings: ["#"],
    handle: async (e) => void events.push(e),
  });
  const keys = { encryptionKey: randomBytes(32), hmacKey: randomBytes(32) };
  const ports: Record<OwnerName, number> = {
    assets: 0,
    customers: 0,
    contracts: 0,
    billing: 0,
    payments: 0,
  };
  const target = (name: OwnerName) => `127.0.0.1:${ports[name]}`;
  const starters: Record<
    OwnerName,
    () => Promise<{ port: number; close(ms?: number): Promise<void> }>
  > = {
    assets: () =>
      startAssetsService({
        databaseUrl: assetsDb.url,
        bus,
        logger,
        grpcAddress: `127.0.0.1:${ports.assets}`,
        statusSyncIntervalMs: 0,
      }),
    customers: () =>
      startCustomersService({
        databaseUrl: customersDb.url,
        bus,
        logger,
        grpcAddress: `127.0.0.1:${ports.customers}`,
        ...keys,
      }),
    contracts: () =>
      startContractsService({
        databaseUrl: contractsDb.url,
        bus,
        logger,
        grpcAddress: `127.0.0.1:${ports.contracts}`,
        assetsTarget: target("assets"),
        customersTarget: target("customers"),
        leaseJobIntervalMs: 0,
      }),
    billing: () =>
      startBillingService({
        databaseUrl: billingDb.url,
        bus,
        logger,
        grpcAddress: `127.0.0.1:${ports.billing}`,
        assetsTarget: target("assets"),
        customersTarget: target("customers"),
        contractsTarget: target("contracts"),
        jobIntervalMs: 0,
      }),
    payments: () =>
      startPaymentsService({
        databaseUrl: paymentsDb.url,
        bus,
        logger,
        grpcAddress: `127.0.0.1:${ports.payments}`,
        billingTarget: target("billing"),
        assetsTarget: target("assets"),
        customersTarget: target("customers"),
        contractsTarget: target("contracts"),
        allocationRetryIntervalMs: 0,
      }),
  };
  const running = {} as Record<OwnerName, { port: number; close(ms?: number): Promise<void> }>;
  for (const name of ["assets", "customers", "contracts", "billing", "payments"] as const) {
    running[name] = await starters[name]();
    ports[name] = running[name].port;
  }
  const service = await startOnboardingService({
    databaseUrl: onboardingDb.url,
    bus,
    logger,
    grpcAddress: "127.0.0.1:0",
    owners: () => ({
      assets: target("assets"),
      customers: target("customers"),
      contracts: target("contracts"),
      billing: target("billing"),
      payments: target("payments"),
    }),
    sweepIntervalMs: 0,
  });
  const onboarding = createClient<OnboardingServiceDefinition>(
    OnboardingServiceClient,
    `127.0.0.1:${service.port}`,
    { deadlineMs: 300_000 },
  );
  const assets = createClient<AssetsServiceDefinition>(AssetsServiceClient, target("assets"));
  const system: Caller = {
    actor: "system:test",
    orgId: "system",
    siteIds: "all",
    roles: ["system"],
  };
  const { organisation } = await assets.CreateOrganisation(
    { code: `ORG-${label}`, name: label },
    { caller: system },
  );
  const hq: Caller = {
    actor: "usr_hq",
    orgId: organisation!.id,
    siteIds: "all",
    roles: ["hq_admin"],
  };
  const site = async (code: string) =>
    (
      await assets.CreateSite(
        {
          code,
          name: `上海花园 ${code}`,
          kind: "SITE_KIND_RESIDENTIAL",
          timeZone: "Asia/Shanghai",
          currencyCode: "CNY",
        },
        { caller: hq },
      )
    ).site!.id;
  const siteId = await site("GL-1");
  const otherSiteId = await site("GL-2");
  return {
    onboarding,
    service,
    assets,
    owners: () => service.deps.owners(),
    manager: { actor: "usr_manager", orgId: hq.orgId, siteIds: [siteId], roles: ["site_manager"] },
    hq,
    siteId,
    otherSiteId,
    events,
    databaseUrl: (name) =>
      ({
        assets: assetsDb,
        customers: customersDb,
        contracts: contractsDb,
        billing: billingDb,
        payments: paymentsDb,
      })[name].url,
    async stop(name) {
      await running[name].close(0);
    },
    async restart(name) {
      running[name] = await starters[name]();
    },
    async close() {
      onboarding.close();
      assets.close();
      await service.close(0);
      for (const name of ["payments", "billing", "contracts", "customers", "assets"] as const)
        await running[name].close(0).catch(() => {});
      await Promise.all(
        [assetsDb, customersDb, contractsDb, billingDb, paymentsDb, onboardingDb].map((d) =>
          d.close(),
        ),
      );
    },
  };
}
