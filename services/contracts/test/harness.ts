import { randomBytes } from "node:crypto";
import {
  migrationsDir as assetsMigrations,
  type RunningAssetsService,
  startAssetsService,
} from "@slms/assets";
import { type EventEnvelope, termsToProto, type WireTerms } from "@slms/contracts";
import { AssetsServiceClient, type AssetsServiceDefinition } from "@slms/contracts/assets";
import { CustomersServiceClient, type CustomersServiceDefinition } from "@slms/contracts/customers";
import {
  type Lease,
  LeaseServiceClient,
  type LeaseServiceDefinition,
} from "@slms/contracts/leases";
import { migrationsDir as customersMigrations, startCustomersService } from "@slms/customers";
import { createOutboxStore, createPrismaClient } from "@slms/db";
import { type Caller, createClient, type GrpcClient } from "@slms/grpc";
import { createLogger } from "@slms/logging";
import { createInProcessBus } from "@slms/messaging";
import { createTestDatabase, waitFor } from "@slms/testing";
import { PrismaClient } from "../src/generated/prisma/client.ts";
import {
  migrationsDir,
  type RunningContractsService,
  startContractsService,
} from "../src/service.ts";

/**
 * The contracts service with the real assets and customers services it asks, each on its own
 * test database, sharing an in-process bus whose contracts events are collected. The clock is
 * movable so expiry and critical dates can be tested.
 */
export interface Harness {
  leases: GrpcClient<LeaseServiceDefinition>;
  assets: GrpcClient<AssetsServiceDefinition>;
  customers: GrpcClient<CustomersServiceDefinition>;
  contracts: RunningContractsService;
  db: PrismaClient;
  events: EventEnvelope[];
  hq: Caller;
  siteId: string;
  otherSiteId: string;
  customerId: string;
  now: { value: Date };
  newUnit(siteId?: string): Promise<string>;
  /** `count` fresh units of the site, made by one ImportUnits call (assets' import) and released. */
  newUnits(count: number, siteId?: string): Promise<string[]>;
  /**
   * Waits until the outbox relay has published everything it may (events arrive a moment after
   * commit); events held by an import batch wait for its release.
   */
  settled(): Promise<void>;
  /** A draft lease over fresh units (or the given ones). */
  draft(
    overrides?: Partial<{
      unitIds: string[];
      startDate: string;
      endDate: string;
      terms: WireTerms;
      reference: string;
    }>,
  ): Promise<Lease>;
  close(): Promise<void>;
}

export const monthlyTerms: WireTerms = {
  frequency: "monthly",
  alignment: "calendar",
  rent: { kind: "per_period", amountMinor: 650_000 },
  escalation: { kind: "none" },
  rentFree: [],
  billLeadDays: 10,
  dueDay: 5,
  depositMinor: 1_300_000,
  fees: [],
  lateFee: { graceDays: 5, dailyBasisPoints: 5, capBasisPoints: 2_000 },
  penalty: { kind: "months_of_rent", months: 2 },
};

let sequence = 0;

export async function startHarness(label: string): Promise<Harness> {
  const logger = createLogger({ service: `${label}-test`, level: "silent" });
  const [assetsDb, customersDb, contractsDb] = await Promise.all([
    createTestDatabase({ migrationsDir: assetsMigrations, label: `${label}_assets` }),
    createTestDatabase({ migrationsDir: customersMigrations, label: `${label}_customers` }),
    createTestDatabase({ migrationsDir, label: `${label}_contracts` }),
  ]);
  const bus = createInProcessBus({ logger });
  const events: EventEnvelope[] = [];
  await bus.subscribe({
    queue: "test.contracts",
    bindings: ["contracts.#"],
    handle: async (e) => void events.push(e),
  });
  const assetsService: RunningAssetsService = await startAssetsService({
    databaseUrl: assetsDb.url,
    bus,
    logger,
    grpcAddress: "127.0.0.1:0",
    statusSyncIntervalMs: 0,
  });
  const customersService = await startCustomersService({
    databaseUrl: customersDb.url,
    bus,
    logger,
    grpcAddress: "127.0.0.1:0",
    encryptionKey: randomBytes(32),
    hmacKey: randomBytes(32),
  });
  const now = { value: new Date() };
  const contracts = await startContractsService({
    databaseUrl: contractsDb.url,
    bus,
    logger,
    grpcAddress: "127.0.0.1:0",
    assetsTarget: `127.0.0.1:${assetsService.port}`,
    customersTarget: `127.0.0.1:${customersService.port}`,
    leaseJobIntervalMs: 0,
    clock: () => now.value,
  });
  const leases = createClient<LeaseServiceDefinition>(
    LeaseServiceClient,
    `127.0.0.1:${contracts.port}`,
  );
  const assets = createClient<AssetsServiceDefinition>(
    AssetsServiceClient,
    `127.0.0.1:${assetsService.port}`,
  );
  const customers = createClient<CustomersServiceDefinition>(
    CustomersServiceClient,
    `127.0.0.1:${customersService.port}`,
  );
  const db = createPrismaClient(PrismaClient, { url: contractsDb.url, poolMax: 2 });

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
          name: code,
          kind: "SITE_KIND_OFFICE",
          timeZone: "Asia/Shanghai",
          currencyCode: "CNY",
        },
        { caller: hq },
      )
    ).site!.id;
  const siteId = await site("S-1");
  const otherSiteId = await site("S-2");
  const { customer } = await customers.CreateCustomer(
    {
      siteId,
      kind: "CUSTOMER_KIND_COMPANY",
      name: "Acme Trading Co., Ltd. 阿克米贸易有限公司",
      idDocumentType: "ID_DOCUMENT_TYPE_UNIFIED_SOCIAL_CREDIT_CODE",
      idNumber: "91350100M000100Y43",
      phones: ["+86 21 5555 0100"],
    },
    { caller: hq },
  );

  const newUnit = async (unitSite = siteId) =>
    (
      await assets.CreateUnit(
        {
          siteId: unitSite,
          code: `U-${++sequence}`,
          name: "Office",
          kind: "UNIT_KIND_OFFICE",
          grossAreaM2: "120",
          listRentMonthlyMinor: 650_000,
        },
        { caller: hq },
      )
    ).unit!.id;

  const newUnits = async (count: number, unitSite = siteId) => {
    const first = sequence + 1;
    sequence += count;
    const batchId = `units-${first}`;
    const { units } = await assets.ImportUnits(
      {
        siteId: unitSite,
        batchId,
        units: Array.from({ length: count }, (_, i) => ({
          key: `unit-${first + i}`,
          code: `U-${first + i}`,
          name: "Office",
          kind: "UNIT_KIND_OFFICE",
          grossAreaM2: "120",
          listRentMonthlyMinor: 650_000,
        })),
      },
      { caller: hq, deadlineMs: 120_000 },
    );
    await assets.ReleaseImport({ siteId: unitSite, batchId }, { caller: hq });
    return units.map((u) => u.id);
  };
  const outbox = createOutboxStore(db);

  return {
    leases,
    assets,
    customers,
    contracts,
    db,
    events,
    hq,
    siteId,
    otherSiteId,
    customerId: customer!.id,
    now,
    newUnit,
    newUnits,
    async settled() {
      await waitFor(async () => (await outbox.pendingCount()) === 0, {
        description: "the contracts outbox to drain",
      });
    },
    async draft(overrides = {}) {
      const { lease } = await leases.CreateLease(
        {
          siteId,
          reference: overrides.reference ?? `L-${++sequence}`,
          customerId: customer!.id,
          unitIds: overrides.unitIds ?? [await newUnit()],
          startDate: overrides.startDate ?? "2026-01-01",
          endDate: overrides.endDate ?? "2027-12-31",
          terms: termsToProto(overrides.terms ?? monthlyTerms),
        },
        { caller: hq },
      );
      return lease!;
    },
    async close() {
      leases.close();
      assets.close();
      customers.close();
      await db.$disconnect();
      await contracts.close(1_000);
      await customersService.close(1_000);
      await assetsService.close(1_000);
      await Promise.all([assetsDb.close(), customersDb.close(), contractsDb.close()]);
    },
  };
}
