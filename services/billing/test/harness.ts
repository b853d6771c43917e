import { randomUUID } from "node:crypto";
import { migrationsDir as assetsMigrations, startAssetsService } from "@slms/assets";
import {
  type EventEnvelope,
  EventTypes,
  type LeaseSnapshotV1,
  type LeaseTermsData,
} from "@slms/contracts";
import { AssetsServiceClient, type AssetsServiceDefinition } from "@slms/contracts/assets";
import { BillingServiceClient, type BillingServiceDefinition } from "@slms/contracts/billing";
import { createPrismaClient } from "@slms/db";
import { type Caller, createClient, type GrpcClient } from "@slms/grpc";
import { createLogger } from "@slms/logging";
import { createInProcessBus, type InProcessBus } from "@slms/messaging";
import { createTestDatabase, waitFor } from "@slms/testing";
import { PrismaClient } from "../src/generated/prisma/client.ts";
import { migrationsDir, type RunningBillingService, startBillingService } from "../src/service.ts";

/**
 * The billing service with a real assets service, both on test databases, an in-process bus on
 * which the tests publish the contracts service's lease events, and a movable clock.
 */
export interface Harness {
  billing: GrpcClient<BillingServiceDefinition>;
  assets: GrpcClient<AssetsServiceDefinition>;
  service: RunningBillingService;
  bus: InProcessBus;
  db: PrismaClient;
  hq: Caller;
  siteId: string;
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
  }): LeaseSnapshotV1;
  settled(): Promise<void>;
  close(): Promise<void>;
}

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
  const [assetsDb, billingDb] = await Promise.all([
    createTestDatabase({ migrationsDir: assetsMigrations, label: `${label}_assets` }),
    createTestDatabase({ migrationsDir, label: `${label}_billing` }),
  ]);
  const bus = createInProcessBus({ logger });
  const events: EventEnvelope[] = [];
  await bus.subscribe({
    queue: "test.billing",
    bindings: ["billing.#"],
    handle: async (e) => void events.push(e),
  });
  const assetsService = await startAssetsService({
    databaseUrl: assetsDb.url,
    bus,
    logger,
    grpcAddress: "127.0.0.1:0",
    statusSyncIntervalMs: 0,
  });
  const now = { value: new Date("2026-03-01T12:00:00+08:00") };
  const service = await startBillingService({
    databaseUrl: billingDb.url,
    bus,
    logger,
    grpcAddress: "127.0.0.1:0",
    assetsTarget: `127.0.0.1:${assetsService.port}`,
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
  const { site } = await assets.CreateSite(
    {
      code: "B-1",
      name: "Billing Plaza",
      kind: "SITE_KIND_RETAIL",
      timeZone: "Asia/Shanghai",
      currencyCode: "CNY",
    },
    { caller: hq },
  );
  const siteId = site!.id;
  let sequence = 0;

  return {
    billing,
    assets,
    service,
    bus,
    db,
    hq,
    siteId,
    now,
    events,
    async publish(type, data) {
      const event: EventEnvelope = {
        id: randomUUID(),
        type,
        version: 1,
        occurredAt: new Date().toISOString(),
        orgId: hq.orgId,
        siteId,
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
    lease({ months, start = "2026-01-01", rentMinor = 500_000, customerId, unitIds }) {
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
        siteId,
        customerId: customerId ?? `cus_test_${sequence}`,
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
    async settled() {
      await waitFor(
        async () => (await db.outboxMessage.count({ where: { publishedAt: null } })) === 0,
        {
          timeoutMs: 30_000,
          description: "the billing outbox to drain",
        },
      );
    },
    async close() {
      billing.close();
      assets.close();
      await db.$disconnect();
      await service.close(1_000);
      await assetsService.close(1_000);
      await Promise.all([assetsDb.close(), billingDb.close()]);
    },
  };
}

export { EventTypes };
