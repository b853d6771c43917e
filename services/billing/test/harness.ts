import { randomBytes, randomUUID } from "node:crypto";
import { migrationsDir as assetsMigrations, startAssetsService } from "@slms/assets";
import {
  type EventEnvelope,
  EventTypes,
  type LeaseSnapshotV1,
  type LeaseTermsData,
  termsToProto,
} from "@slms/contracts";
import { AssetsServiceClient, type AssetsServiceDefinition } from "@slms/contracts/assets";
import {
  type Bill,
  BillingServiceClient,
  type BillingServiceDefinition,
} from "@slms/contracts/billing";
import { CustomersServiceClient, type CustomersServiceDefinition } from "@slms/contracts/customers";
import { LeaseServiceClient, type LeaseServiceDefinition } from "@slms/contracts/leases";
import {
  migrationsDir as contractsMigrations,
  startContractsService,
} from "@slms/contracts-service";
import { migrationsDir as customersMigrations, startCustomersService } from "@slms/customers";
import { createPrismaClient } from "@slms/db";
import { DomainError } from "@slms/errors";
import { type Caller, createClient, type GrpcClient } from "@slms/grpc";
import { createLogger } from "@slms/logging";
import { createInProcessBus, type InProcessBus } from "@slms/messaging";
import { createTestDatabase, waitFor } from "@slms/testing";
import { expect } from "vitest";
import { PrismaClient } from "../src/generated/prisma/client.ts";
import { migrationsDir, type RunningBillingService, startBillingService } from "../src/service.ts";

/**
 * The billing service with the real assets, customers and contracts services it asks, each on
 * its own test database, an in-process bus on which the tests publish the contracts service's
 * lease events (synthetic ones, for speed: billing knows those leases from the events alone),
 * and a movable clock. Two sites of one organisation, both in Asia/Shanghai and CNY.
 */
export interface Harness {
  billing: GrpcClient<BillingServiceDefinition>;
  assets: GrpcClient<AssetsServiceDefinition>;
  customers: GrpcClient<CustomersServiceDefinition>;
  leases: GrpcClient<LeaseServiceDefinition>;
  service: RunningBillingService;
  bus: InProcessBus;
  db: PrismaClient;
  hq: Caller;
  siteId: string;
  /** A second site of the organisation. */
  otherSiteId: string;
  /** A user holding roles at both sites, as the gateway sends them on a route of `siteId`. */
  staffAt(siteId: string, actor?: string, roles?: string[]): Caller;
  now: { value: Date };
  events: EventEnvelope[];
  /** Publishes a lease event as the contracts service would, and waits until billing applied it. */
  publish(type: string, data: object): Promise<EventEnvelope>;
  /** Delivers an event again (as a broker may). */
  redeliver(event: EventEnvelope): Promise<void>;
  /** A lease snapshot with monthly rent lines from `start` for `months` months. */
  lease(options: {
    months: number;
    start?: string;
    rentMinor?: number;
    customerId?: string;
    unitIds?: string[];
    /** Default: the harness's site. */
    site?: string;
  }): LeaseSnapshotV1;
  /** A customer registered with the customers service (billing has no ledger for it yet). */
  customer(siteId?: string): Promise<string>;
  /** A unit of the assets service. */
  unit(siteId?: string, grossAreaM2?: string): Promise<string>;
  /** A draft lease in the contracts service (billing never hears of a draft). */
  draftLease(options?: { siteId?: string; customerId?: string }): Promise<string>;
  /** Bills a lease's schedule up to a date (a billing run of the site, waited for). */
  runTo(targetDate: string, siteId?: string): Promise<void>;
  /** The bills of a lease, oldest due first. */
  billsOf(leaseId: string, siteId?: string): Promise<Bill[]>;
  /** Waits until the relay published every event written (held ones wait for their release). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/** The DomainError a call fails with (fails the test if it succeeds). */
export async function failure(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

/** The fields a failure names. */
export const fieldsOf = (error: DomainError) => error.details.map((d) => d.field);

export const lateFee = { graceDays: 5, dailyBasisPoints: 5, capBasisPoints: 2_000 };

export const terms: LeaseTermsData = {
  currency: "CNY",
  frequency: "monthly",
  alignment: "calendar",
  rent: { kind: "per_period", amountMinor: 500_000 },
  escalation: { kind: "none" },
  rentFree: [],
  billLeadDays: 10,
  dueDay: 5,
  depositMinor: 1_000_000,
  fees: [],
  lateFee,
  penalty: { kind: "months_of_rent", months: 2 },
};

const pad = (n: number) => String(n).padStart(2, "0");
export function monthStart(start: string, offset: number): string {
  const [y, m] = start.split("-").map(Number) as [number, number];
  const index = y * 12 + (m - 1) + offset;
  return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}-01`;
}
export function monthEnd(monthFirst: string): string {
  const [y, m] = monthFirst.split("-").map(Number) as [number, number];
  return `${y}-${pad(m)}-${pad(new Date(Date.UTC(y, m, 0)).getUTCDate())}`;
}
export function minusDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

export async function startHarness(label: string): Promise<Harness> {
  const logger = createLogger({ service: `${label}-test`, level: "silent" });
  const [assetsDb, customersDb, contractsDb, billingDb] = await Promise.all([
    createTestDatabase({ migrationsDir: assetsMigrations, label: `${label}_assets` }),
    createTestDatabase({ migrationsDir: customersMigrations, label: `${label}_customers` }),
    createTestDatabase({ migrationsDir: contractsMigrations, label: `${label}_contracts` }),
    createTestDatabase({ migrationsDir, label: `${label}_billing` }),
  ]);
  const bus = createInProcessBus({ logger });
  const events: EventEnvelope[] = [];
  await bus.subscribe({
    queue: "test.billing",
    bindings: ["billing.#"],
    handle: async (e) => void events.push(e),
  });
  const [assetsService, customersService] = await Promise.all([
    startAssetsService({
      databaseUrl: assetsDb.url,
      bus,
      logger,
      grpcAddress: "127.0.0.1:0",
      statusSyncIntervalMs: 0,
    }),
    startCustomersService({
      databaseUrl: customersDb.url,
      bus,
      logger,
      grpcAddress: "127.0.0.1:0",
      encryptionKey: randomBytes(32),
      hmacKey: randomBytes(32),
    }),
  ]);
  const contractsService = await startContractsService({
    databaseUrl: contractsDb.url,
    bus,
    logger,
    grpcAddress: "127.0.0.1:0",
    assetsTarget: `127.0.0.1:${assetsService.port}`,
    customersTarget: `127.0.0.1:${customersService.port}`,
    leaseJobIntervalMs: 0,
  });
  const now = { value: new Date("2026-03-01T12:00:00+08:00") };
  const service = await startBillingService({
    databaseUrl: billingDb.url,
    bus,
    logger,
    grpcAddress: "127.0.0.1:0",
    assetsTarget: `127.0.0.1:${assetsService.port}`,
    customersTarget: `127.0.0.1:${customersService.port}`,
    contractsTarget: `127.0.0.1:${contractsService.port}`,
    jobIntervalMs: 0,
    waiverApprovalThresholdMinor: 100_000,
    clock: () => now.value,
  });
  const billing = createClient<BillingServiceDefinition>(
    BillingServiceClient,
    `127.0.0.1:${service.port}`,
    { deadlineMs: 60_000 },
  );
  const assets = createClient<AssetsServiceDefinition>(
    AssetsServiceClient,
    `127.0.0.1:${assetsService.port}`,
  );
  const customers = createClient<CustomersServiceDefinition>(
    CustomersServiceClient,
    `127.0.0.1:${customersService.port}`,
  );
  const leases = createClient<LeaseServiceDefinition>(
    LeaseServiceClient,
    `127.0.0.1:${contractsService.port}`,
  );
  const db = createPrismaClient(PrismaClient, { url: billingDb.url, poolMax: 4 });
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
  const createSite = async (code: string) =>
    (
      await assets.CreateSite(
        {
          code,
          name: `Billing Plaza ${code}`,
          kind: "SITE_KIND_RETAIL",
          timeZone: "Asia/Shanghai",
          currencyCode: "CNY",
        },
        { caller: hq },
      )
    ).site!.id;
  const siteId = await createSite("B-1");
  const otherSiteId = await createSite("B-2");
  let sequence = 0;

  const unit: Harness["unit"] = async (unitSite = siteId, grossAreaM2 = "100") =>
    (
      await assets.CreateUnit(
        {
          siteId: unitSite,
          code: `U-${++sequence}`,
          name: "Shop",
          kind: "UNIT_KIND_SHOP",
          grossAreaM2,
          listRentMonthlyMinor: 100_000,
        },
        { caller: hq },
      )
    ).unit!.id;
  const customer: Harness["customer"] = async (customerSite = siteId) =>
    (
      await customers.CreateCustomer(
        {
          siteId: customerSite,
          kind: "CUSTOMER_KIND_PERSON",
          name: `Customer ${++sequence}`,
          idDocumentType: "ID_DOCUMENT_TYPE_PASSPORT",
          idNumber: `E${randomBytes(5).toString("hex").toUpperCase()}`,
        },
        { caller: hq },
      )
    ).customer!.id;

  return {
    billing,
    assets,
    customers,
    leases,
    service,
    bus,
    db,
    hq,
    siteId,
    otherSiteId,
    now,
    events,
    staffAt: (at, actor = "usr_staff", roles = ["site_manager"]) => ({
      actor,
      orgId: hq.orgId,
      siteIds: [at],
      roles,
    }),
    async publish(type, data) {
      const event: EventEnvelope = {
        id: randomUUID(),
        type,
        version: 1,
        occurredAt: new Date().toISOString(),
        orgId: hq.orgId,
        siteId: (data as { siteId?: string }).siteId ?? siteId,
        actor: "usr_clerk",
        traceparent: null,
        data: data as Record<string, unknown>,
      };
      await bus.publish([event]); // resolves once billing's handler is done
      return event;
    },
    async redeliver(event) {
      await bus.publish([event]);
    },
    lease({ months, start = "2026-01-01", rentMinor = 500_000, customerId, unitIds, site }) {
      sequence++;
      const leaseId = `lea_test_${label}_${sequence}`;
      const schedule = Array.from({ length: months }, (_, i) => {
        const periodStart = monthStart(start, i);
        return {
          feeCode: "rent",
          periodStart,
          periodEnd: monthEnd(periodStart),
          amountMinor: rentMinor,
          issueDate: minusDays(periodStart, 10),
          dueDate: `${periodStart.slice(0, 8)}05`,
          chargedDays: Number(monthEnd(periodStart).slice(8)),
          fullPeriodDays: Number(monthEnd(periodStart).slice(8)),
          versions: [1],
        };
      });
      return {
        leaseId,
        siteId: site ?? siteId,
        customerId: customerId ?? `cus_test_${label}_${sequence}`,
        unitIds: unitIds ?? [`unt_test_${sequence}`],
        reference: `L-${sequence}`,
        startDate: start,
        endDate: monthEnd(monthStart(start, months - 1)),
        currency: "CNY",
        timeZone: "Asia/Shanghai",
        predecessorId: null,
        versions: [
          {
            version: 1,
            effectiveFrom: start,
            terms: { ...terms, rent: { kind: "per_period", amountMinor: rentMinor } },
          },
        ],
        schedule,
      };
    },
    customer,
    unit,
    async draftLease({ siteId: leaseSite = siteId, customerId } = {}) {
      const { lease } = await leases.CreateLease(
        {
          siteId: leaseSite,
          reference: `D-${++sequence}`,
          customerId: customerId ?? (await customer(leaseSite)),
          unitIds: [await unit(leaseSite)],
          startDate: "2026-06-01",
          endDate: "2027-05-31",
          terms: termsToProto({
            ...terms,
            rent: { kind: "per_period", amountMinor: 500_000 },
          }),
        },
        { caller: hq },
      );
      return lease!.id;
    },
    async runTo(targetDate, runSite = siteId) {
      await billing.StartBillingRun({ siteId: runSite, targetDate, wait: true }, { caller: hq });
    },
    async billsOf(leaseId, billSite = siteId) {
      return (await billing.ListBills({ siteId: billSite, leaseId, pageSize: 500 }, { caller: hq }))
        .bills;
    },
    async settled() {
      // Events an import holds are not pending: they wait for the batch's release.
      const pending = async () => {
        const [row] = await db.$queryRaw<{ n: number }[]>`
          SELECT count(*)::int AS n FROM outbox_messages
           WHERE published_at IS NULL AND claimed_until IS DISTINCT FROM 'infinity'`;
        return row?.n ?? 0;
      };
      await waitFor(async () => (await pending()) === 0, {
        timeoutMs: 30_000,
        description: "the billing outbox to drain",
      });
    },
    async close() {
      for (const client of [billing, assets, customers, leases]) client.close();
      // Nothing is in flight any more: the services stop at once, then the databases go.
      await Promise.all([
        db.$disconnect(),
        service.close(1_000),
        contractsService.close(1_000),
        customersService.close(1_000),
        assetsService.close(1_000),
      ]);
      await Promise.all([assetsDb, customersDb, contractsDb, billingDb].map((d) => d.close()));
    },
  };
}

export { EventTypes };
