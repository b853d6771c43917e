import { randomBytes, randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { migrationsDir as assetsMigrations, startAssetsService } from "@slms/assets";
import {
  migrationsDir as billingMigrations,
  type RunningBillingService,
  startBillingService,
} from "@slms/billing";
import { type EventEnvelope, termsToProto, type WireTerms } from "@slms/contracts";
import { AssetsServiceClient, type AssetsServiceDefinition } from "@slms/contracts/assets";
import { BillingServiceClient, type BillingServiceDefinition } from "@slms/contracts/billing";
import { CustomersServiceClient, type CustomersServiceDefinition } from "@slms/contracts/customers";
import { LeaseServiceClient, type LeaseServiceDefinition } from "@slms/contracts/leases";
import {
  type Payment,
  PaymentServiceClient,
  type PaymentServiceDefinition,
} from "@slms/contracts/payments";
import {
  migrationsDir as contractsMigrations,
  startContractsService,
} from "@slms/contracts-service";
import { migrationsDir as customersMigrations, startCustomersService } from "@slms/customers";
import { createPrismaClient } from "@slms/db";
import { DomainError } from "@slms/errors";
import { type Caller, createClient, type GrpcClient } from "@slms/grpc";
import { createLogger } from "@slms/logging";
import { createInProcessBus } from "@slms/messaging";
import { createTestDatabase, waitFor } from "@slms/testing";
import { expect } from "vitest";
import { PrismaClient } from "../src/generated/prisma/client.ts";
import {
  migrationsDir,
  type RunningPaymentsService,
  startPaymentsService,
} from "../src/service.ts";

/**
 * The payments service with the real services it asks — assets (sites), customers, contracts
 * (leases) and billing — each on its own test database, sharing an in-process bus: billing
 * learns of leases from the contracts service's own events. Two sites of one organisation (A,
 * where the tests take money, and B), each with a walk-in customer. Billing can be left down and
 * started later, on the address payments already uses, to test that payments stand while billing
 * is unreachable.
 */
export interface Harness {
  payments: GrpcClient<PaymentServiceDefinition>;
  billing: GrpcClient<BillingServiceDefinition>;
  assets: GrpcClient<AssetsServiceDefinition>;
  customers: GrpcClient<CustomersServiceDefinition>;
  leases: GrpcClient<LeaseServiceDefinition>;
  service: RunningPaymentsService;
  /** Direct access to the payments tables, to check what is stored. */
  db: PrismaClient;
  /** Every payments event published, in order. */
  events: EventEnvelope[];
  orgId: string;
  siteId: string;
  siteCode: string;
  otherSiteId: string;
  /** A customer registered at each site, for payments not tied to a lease. */
  walkIn: { siteA: string; siteB: string };
  callers: ReturnType<typeof callersOf>;
  /** Starts billing (if it was left down) on the address payments calls. */
  startBilling(): Promise<void>;
  /** A customer registered at the site (default A) with the customers service. */
  customer(options?: { siteId?: string; name?: string }): Promise<string>;
  /**
   * A real lease at the site (default A): a new unit, a new customer (unless given), monthly
   * per-period rent aligned to the calendar from 2026-01-01 for `months` months, activated
   * (unless `activate: false`) — billing has applied its activation when this returns.
   */
  lease(options: LeaseOptions): Promise<{ leaseId: string; customerId: string; reference: string }>;
  /**
   * A lease as {@link lease} whose first `months` monthly rent bills billing issued in a run.
   * Returns its bills oldest first.
   */
  leaseWithBills(
    options: LeaseOptions & { months: number },
  ): Promise<{ leaseId: string; customerId: string; reference: string; billIds: string[] }>;
  /**
   * Terminates a lease of the site (default A) on a date (its last day); billing has applied it
   * when this returns.
   */
  terminate(leaseId: string, terminationDate: string, siteId?: string): Promise<void>;
  /** A payment request at a site with defaults: that site's walk-in customer, cash, 100.00. */
  paymentRequest(
    siteId: string,
    overrides?: Partial<Parameters<Harness["payments"]["RecordPayment"]>[0]>,
  ): Parameters<Harness["payments"]["RecordPayment"]>[0] & { requestId: string };
  /** Waits until the outbox relay has published everything (held events wait for their release). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export interface LeaseOptions {
  months: number;
  rentMinor: number;
  customerId?: string;
  siteId?: string;
  /** How long the lease runs, in months from 2026-01-01; default `months`. */
  leaseMonths?: number;
  /** Default: two months of rent. */
  penalty?: WireTerms["penalty"];
  /** Default true: a draft lease otherwise. */
  activate?: boolean;
}

export function callersOf(orgId: string, siteA: string, siteB: string) {
  const at = (actor: string, sites: string[] | "all", roles: string[]): Caller => ({
    actor,
    orgId,
    siteIds: sites,
    roles,
  });
  return {
    hq: at("usr_hq", "all", ["hq_admin"]),
    cashierA: at("usr_cashier_a", [siteA], ["cashier"]),
    cashierB: at("usr_cashier_b", [siteB], ["cashier"]),
    otherOrg: {
      actor: "usr_other",
      orgId: "org_other",
      siteIds: "all",
      roles: ["hq_admin"],
    } as Caller,
  };
}

const leaseStart = "2026-01-01";

export async function startHarness(
  label: string,
  options: { billing?: "up" | "down" } = {},
): Promise<Harness> {
  const logger = createLogger({ service: `${label}-test`, level: "silent" });
  const databases = await Promise.all([
    createTestDatabase({ migrationsDir: assetsMigrations, label: `${label}_assets` }),
    createTestDatabase({ migrationsDir: customersMigrations, label: `${label}_customers` }),
    createTestDatabase({ migrationsDir: contractsMigrations, label: `${label}_contracts` }),
    createTestDatabase({ migrationsDir: billingMigrations, label: `${label}_billing` }),
    createTestDatabase({ migrationsDir, label: `${label}_payments` }),
  ]);
  const [assetsDb, customersDb, contractsDb, billingDb, paymentsDb] = databases;
  const bus = createInProcessBus({ logger });
  const events: EventEnvelope[] = [];
  await bus.subscribe({
    queue: "test.payments",
    bindings: ["payments.#"],
    handle: async (event) => void events.push(event),
  });
  const [assetsService, customersService] = await Promise.all([
    startAssetsService({
      databaseUrl: assetsDb.url,
      poolMax: 4,
      bus,
      logger,
      grpcAddress: "127.0.0.1:0",
      statusSyncIntervalMs: 0,
    }),
    startCustomersService({
      databaseUrl: customersDb.url,
      poolMax: 4,
      bus,
      logger,
      grpcAddress: "127.0.0.1:0",
      encryptionKey: randomBytes(32),
      hmacKey: randomBytes(32),
    }),
  ]);
  const assetsTarget = `127.0.0.1:${assetsService.port}`;
  const customersTarget = `127.0.0.1:${customersService.port}`;
  const contractsService = await startContractsService({
    databaseUrl: contractsDb.url,
    poolMax: 4,
    bus,
    logger,
    grpcAddress: "127.0.0.1:0",
    assetsTarget,
    customersTarget,
    leaseJobIntervalMs: 0,
  });
  const contractsTarget = `127.0.0.1:${contractsService.port}`;
  const billingTarget = `127.0.0.1:${await freePort()}`;
  let billingService: RunningBillingService | undefined;
  const startBilling = async () => {
    billingService ??= await startBillingService({
      databaseUrl: billingDb.url,
      poolMax: 6,
      bus,
      logger,
      grpcAddress: billingTarget,
      assetsTarget,
      customersTarget,
      contractsTarget,
      jobIntervalMs: 0,
    });
  };
  if (options.billing !== "down") await startBilling();

  const service = await startPaymentsService({
    databaseUrl: paymentsDb.url,
    bus,
    logger,
    grpcAddress: "127.0.0.1:0",
    billingTarget,
    assetsTarget,
    customersTarget,
    contractsTarget,
    allocationRetryIntervalMs: 0,
    billingDeadlineMs: 30_000,
  });
  const payments = createClient<PaymentServiceDefinition>(
    PaymentServiceClient,
    `127.0.0.1:${service.port}`,
    { deadlineMs: 60_000 },
  );
  const billing = createClient<BillingServiceDefinition>(BillingServiceClient, billingTarget, {
    deadlineMs: 60_000,
  });
  const assets = createClient<AssetsServiceDefinition>(AssetsServiceClient, assetsTarget);
  const customers = createClient<CustomersServiceDefinition>(
    CustomersServiceClient,
    customersTarget,
  );
  const leases = createClient<LeaseServiceDefinition>(LeaseServiceClient, contractsTarget);
  const db = createPrismaClient(PrismaClient, { url: paymentsDb.url, poolMax: 4 });

  const system: Caller = {
    actor: "system:test",
    orgId: "system",
    siteIds: "all",
    roles: ["system"],
  };
  const { organisation } = await assets.CreateOrganisation(
    { code: `ORG-${label}`.slice(0, 30), name: label },
    { caller: system },
  );
  const orgId = organisation!.id;
  const hq: Caller = { actor: "usr_hq", orgId, siteIds: "all", roles: ["hq_admin"] };
  const site = async (code: string, name: string) => {
    const created = (
      await assets.CreateSite(
        {
          code,
          name,
          kind: "SITE_KIND_RESIDENTIAL",
          timeZone: "Asia/Shanghai",
          currencyCode: "CNY",
        },
        { caller: hq },
      )
    ).site!;
    const { building } = await assets.CreateBuilding(
      { siteId: created.id, code: "B1", name: "一号楼", floors: 20 },
      { caller: hq },
    );
    return { ...created, buildingId: building!.id };
  };
  const [siteA, siteB] = await Promise.all([
    site("SH-GARDEN", "浦东花园"),
    site("BJ-TOWER", "北京大厦"),
  ]);
  const buildingOf = new Map([
    [siteA.id, siteA.buildingId],
    [siteB.id, siteB.buildingId],
  ]);

  let sequence = 0;
  const customer: Harness["customer"] = async ({ siteId = siteA.id, name } = {}) => {
    const n = ++sequence;
    const { customer: created } = await customers.CreateCustomer(
      {
        siteId,
        kind: "CUSTOMER_KIND_PERSON",
        name: name ?? `租户${n}`,
        idDocumentType: "ID_DOCUMENT_TYPE_PASSPORT",
        idNumber: `E${randomBytes(5).toString("hex").toUpperCase()}`,
      },
      { caller: hq },
    );
    return created!.id;
  };
  const unit = async (siteId: string) => {
    const n = ++sequence;
    const { unit: created } = await assets.CreateUnit(
      {
        siteId,
        buildingId: buildingOf.get(siteId) ?? "",
        code: `U-${n}`,
        name: `${n}室`,
        kind: "UNIT_KIND_APARTMENT",
        floor: "1",
        grossAreaM2: "80",
        listRentMonthlyMinor: 500_000,
      },
      { caller: hq },
    );
    return created!.id;
  };
  /** Until billing applied every lease event contracts wrote: the in-process bus hands an event
   * to billing before the relay marks it published. */
  const contractsSettled = () =>
    waitFor(
      async () =>
        (await contractsService.deps.db.outboxMessage.count({ where: { publishedAt: null } })) ===
        0,
      { timeoutMs: 30_000, description: "billing to apply the contracts events" },
    );

  const lease: Harness["lease"] = async (options) => {
    const siteId = options.siteId ?? siteA.id;
    const [customerId, unitId] = await Promise.all([
      options.customerId ?? customer({ siteId }),
      unit(siteId),
    ]);
    const reference = `L-${++sequence}`;
    const { lease: draft } = await leases.CreateLease(
      {
        siteId,
        reference,
        customerId,
        unitIds: [unitId],
        startDate: leaseStart,
        endDate: monthEnd(monthStart(leaseStart, (options.leaseMonths ?? options.months) - 1)),
        terms: termsToProto({
          frequency: "monthly",
          alignment: "calendar",
          rent: { kind: "per_period", amountMinor: options.rentMinor },
          escalation: { kind: "none" },
          rentFree: [],
          billLeadDays: 10,
          dueDay: 5,
          depositMinor: options.rentMinor * 2,
          fees: [],
          lateFee: { graceDays: 5, dailyBasisPoints: 0, capBasisPoints: 0 },
          penalty: options.penalty ?? { kind: "months_of_rent", months: 2 },
        }),
      },
      { caller: hq },
    );
    if (options.activate !== false) {
      await leases.ActivateLease({ siteId, id: draft!.id }, { caller: hq });
      await contractsSettled();
    }
    return { leaseId: draft!.id, customerId, reference };
  };

  const [walkInA, walkInB] = await Promise.all([
    customer({ siteId: siteA.id, name: "散客 walk-in" }),
    customer({ siteId: siteB.id, name: "散客 walk-in B" }),
  ]);
  const walkIn = { siteA: walkInA, siteB: walkInB };

  return {
    payments,
    billing,
    assets,
    customers,
    leases,
    service,
    db,
    events,
    orgId,
    siteId: siteA.id,
    siteCode: siteA.code,
    otherSiteId: siteB.id,
    walkIn,
    callers: callersOf(orgId, siteA.id, siteB.id),
    startBilling,
    customer,
    lease,
    async leaseWithBills(options) {
      const made = await lease(options);
      const siteId = options.siteId ?? siteA.id;
      // Up to the day before the next month's bill would be issued (10 days ahead of it).
      const targetDate = minusDays(monthStart(leaseStart, options.months), 11);
      await billing.StartBillingRun({ siteId, targetDate, wait: true }, { caller: hq });
      const { bills } = await billing.ListBills(
        { siteId, leaseId: made.leaseId, pageSize: 500 },
        { caller: hq },
      );
      expect(bills).toHaveLength(options.months);
      const billIds = [...bills]
        .sort((a, b) => a.periodStart.localeCompare(b.periodStart))
        .map((b) => b.id);
      return { ...made, billIds };
    },
    async terminate(leaseId, terminationDate, siteId = siteA.id) {
      await leases.TerminateLease(
        { siteId, id: leaseId, terminationDate, reason: "退租 moved out" },
        { caller: hq },
      );
      await contractsSettled();
    },
    paymentRequest(siteId, overrides = {}) {
      return {
        siteId,
        requestId: `usr_cashier_a:${randomUUID()}`,
        customerId: siteId === siteB.id ? walkIn.siteB : walkIn.siteA,
        method: "PAYMENT_METHOD_CASH" as const,
        amountMinor: 10_000,
        receivedAt: new Date(Date.now() - 60_000).toISOString(),
        payer: "张三",
        ...overrides,
      };
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
        description: "the payments outbox to drain",
      });
    },
    async close() {
      for (const client of [payments, billing, assets, customers, leases]) client.close();
      // Nothing is in flight any more: the services stop at once, then the bus and databases.
      await Promise.all([
        db.$disconnect(),
        service.close(1_000),
        billingService?.close(1_000),
        contractsService.close(1_000),
        customersService.close(1_000),
        assetsService.close(1_000),
      ]);
      await bus.close();
      await Promise.all(databases.map((d) => d.close()));
    },
  };
}

/** The numeric part of a receipt number (`SH-GARDEN-000042` → 42). */
export const receiptSeq = (payment: Payment) => Number(payment.receiptNumber.split("-").at(-1));

/** Asserts a call fails with a DomainError of `kind`, naming exactly `fields` (any order). */
export async function expectError(
  promise: Promise<unknown>,
  kind: DomainError["kind"],
  fields: string[] = [],
): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).kind).toBe(kind);
  if (fields.length > 0) {
    expect((error as DomainError).details.map((d) => d.field).sort()).toEqual([...fields].sort());
  }
  return error as DomainError;
}

/** A port nothing listens on (yet): billing is started there later, or never. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

const pad = (n: number) => String(n).padStart(2, "0");
function monthStart(start: string, offset: number): string {
  const [y, m] = start.split("-").map(Number) as [number, number];
  const index = y * 12 + (m - 1) + offset;
  return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}-01`;
}
function monthEnd(monthFirst: string): string {
  const [y, m] = monthFirst.split("-").map(Number) as [number, number];
  return `${y}-${pad(m)}-${pad(new Date(Date.UTC(y, m, 0)).getUTCDate())}`;
}
function minusDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}
