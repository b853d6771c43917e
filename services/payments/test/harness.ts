import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { migrationsDir as assetsMigrations, startAssetsService } from "@slms/assets";
import {
  migrationsDir as billingMigrations,
  type RunningBillingService,
  startBillingService,
} from "@slms/billing";
import { type EventEnvelope, EventTypes, type LeaseSnapshotV1 } from "@slms/contracts";
import { AssetsServiceClient, type AssetsServiceDefinition } from "@slms/contracts/assets";
import { BillingServiceClient, type BillingServiceDefinition } from "@slms/contracts/billing";
import {
  type Payment,
  PaymentServiceClient,
  type PaymentServiceDefinition,
} from "@slms/contracts/payments";
import { createPrismaClient } from "@slms/db";
import { DomainError } from "@slms/errors";
import { type Caller, createClient, type GrpcClient } from "@slms/grpc";
import { createLogger } from "@slms/logging";
import { createInProcessBus } from "@slms/messaging";
import { createTestDatabase, type TestDatabase, waitFor } from "@slms/testing";
import { expect } from "vitest";
import { PrismaClient } from "../src/generated/prisma/client.ts";
import {
  migrationsDir,
  type RunningPaymentsService,
  startPaymentsService,
} from "../src/service.ts";

/**
 * The payments service with the real assets and billing services it asks, each on its own test
 * database, sharing an in-process bus (billing learns of leases from the contracts service's
 * events, which the tests publish). Billing can be left down and started later, on the address
 * payments already uses, to test that payments stand while billing is unreachable.
 */
export interface Harness {
  payments: GrpcClient<PaymentServiceDefinition>;
  billing: GrpcClient<BillingServiceDefinition>;
  assets: GrpcClient<AssetsServiceDefinition>;
  service: RunningPaymentsService;
  /** Direct access to the payments tables, to check what is stored. */
  db: PrismaClient;
  /** Every payments event published, in order. */
  events: EventEnvelope[];
  orgId: string;
  siteId: string;
  siteCode: string;
  otherSiteId: string;
  callers: ReturnType<typeof callersOf>;
  /** Starts billing (if it was left down) on the address payments calls. */
  startBilling(): Promise<void>;
  /**
   * A lease billing knows (as if the contracts service activated it) with monthly rent bills
   * from January 2026, issued by a billing run. Returns its bills oldest first.
   */
  leaseWithBills(options: {
    months: number;
    rentMinor: number;
    customerId?: string;
  }): Promise<{ leaseId: string; customerId: string; billIds: string[] }>;
  /** Waits until the outbox relay has published everything. */
  settled(): Promise<void>;
  close(): Promise<void>;
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

let sequence = 0;

export async function startHarness(
  label: string,
  options: { billing?: "up" | "down" } = {},
): Promise<Harness> {
  const logger = createLogger({ service: `${label}-test`, level: "silent" });
  const [assetsDb, billingDb, paymentsDb] = await Promise.all([
    createTestDatabase({ migrationsDir: assetsMigrations, label: `${label}_assets` }),
    createTestDatabase({ migrationsDir: billingMigrations, label: `${label}_billing` }),
    createTestDatabase({ migrationsDir, label: `${label}_payments` }),
  ]);
  const bus = createInProcessBus({ logger });
  const events: EventEnvelope[] = [];
  await bus.subscribe({
    queue: "test.payments",
    bindings: ["payments.#"],
    handle: async (event) => void events.push(event),
  });
  const assetsService = await startAssetsService({
    databaseUrl: assetsDb.url,
    bus,
    logger,
    grpcAddress: "127.0.0.1:0",
    statusSyncIntervalMs: 0,
  });
  const assetsTarget = `127.0.0.1:${assetsService.port}`;
  const billingPort = await freePort();
  const billingTarget = `127.0.0.1:${billingPort}`;
  let billingService: RunningBillingService | undefined;
  const startBilling = async () => {
    billingService ??= await startBillingService({
      databaseUrl: billingDb.url,
      bus,
      logger,
      grpcAddress: billingTarget,
      assetsTarget,
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
  const site = (code: string, name: string) =>
    assets
      .CreateSite(
        {
          code,
          name,
          kind: "SITE_KIND_RESIDENTIAL",
          timeZone: "Asia/Shanghai",
          currencyCode: "CNY",
        },
        { caller: hq },
      )
      .then((r) => r.site!);
  const siteA = await site("SH-GARDEN", "浦东花园");
  const siteB = await site("BJ-TOWER", "北京大厦");

  return {
    payments,
    billing,
    assets,
    service,
    db,
    events,
    orgId,
    siteId: siteA.id,
    siteCode: siteA.code,
    otherSiteId: siteB.id,
    callers: callersOf(orgId, siteA.id, siteB.id),
    startBilling,
    async leaseWithBills({ months, rentMinor, customerId }) {
      sequence++;
      const leaseId = `lea_${label}_${sequence}_${randomUUID().slice(0, 8)}`;
      const customer = customerId ?? `cus_${label}_${sequence}`;
      const start = "2026-01-01";
      const snapshot: LeaseSnapshotV1 = {
        leaseId,
        siteId: siteA.id,
        customerId: customer,
        unitIds: [`unt_${label}_${sequence}`],
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
            terms: {
              currency: "CNY",
              frequency: "monthly",
              alignment: "calendar",
              rent: { kind: "per_period", amountMinor: rentMinor },
              escalation: { kind: "none" },
              rentFree: [],
              billLeadDays: 10,
              dueDay: 5,
              depositMinor: rentMinor * 2,
              fees: [],
              lateFee: { graceDays: 5, dailyBasisPoints: 0, capBasisPoints: 0 },
              penalty: { kind: "months_of_rent", months: 2 },
            },
          },
        ],
        schedule: Array.from({ length: months }, (_, i) => {
          const periodStart = monthStart(start, i);
          const days = Number(monthEnd(periodStart).slice(8));
          return {
            feeCode: "rent",
            periodStart,
            periodEnd: monthEnd(periodStart),
            amountMinor: rentMinor,
            issueDate: minusDays(periodStart, 10),
            dueDate: `${periodStart.slice(0, 8)}05`,
            chargedDays: days,
            fullPeriodDays: days,
            versions: [1],
          };
        }),
      };
      await bus.publish([
        {
          id: randomUUID(),
          type: EventTypes.LeaseActivated,
          version: 1,
          occurredAt: new Date().toISOString(),
          orgId,
          siteId: siteA.id,
          actor: "usr_clerk",
          traceparent: null,
          data: snapshot as unknown as Record<string, unknown>,
        },
      ]);
      await billing.StartBillingRun(
        { siteId: siteA.id, targetDate: monthEnd(monthStart(start, months - 1)), wait: true },
        { caller: hq },
      );
      const { bills } = await billing.ListBills(
        { siteId: siteA.id, leaseId, pageSize: 500 },
        { caller: hq },
      );
      expect(bills).toHaveLength(months);
      const billIds = [...bills]
        .sort((a, b) => a.periodStart.localeCompare(b.periodStart))
        .map((b) => b.id);
      return { leaseId, customerId: customer, billIds };
    },
    async settled() {
      await waitFor(
        async () => (await db.outboxMessage.count({ where: { publishedAt: null } })) === 0,
        { timeoutMs: 30_000, description: "the payments outbox to drain" },
      );
    },
    async close() {
      payments.close();
      billing.close();
      assets.close();
      await service.close(1_000);
      await billingService?.close(1_000);
      await assetsService.close(1_000);
      await bus.close();
      await db.$disconnect();
      await Promise.all([assetsDb, billingDb, paymentsDb].map((d: TestDatabase) => d.close()));
    },
  };
}

/** A request to record a payment, with defaults. */
export function paymentRequest(
  siteId: string,
  overrides: Partial<Parameters<Harness["payments"]["RecordPayment"]>[0]> = {},
) {
  return {
    siteId,
    requestId: `usr_cashier_a:${randomUUID()}`,
    customerId: "cus_walk_in",
    method: "PAYMENT_METHOD_CASH" as const,
    amountMinor: 10_000,
    receivedAt: new Date(Date.now() - 60_000).toISOString(),
    payer: "张三",
    ...overrides,
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
