import type { EventEnvelope } from "@slms/contracts";
import { AssetsServiceClient, type AssetsServiceDefinition } from "@slms/contracts/assets";
import { createDatabase } from "@slms/db";
import { DomainError } from "@slms/errors";
import { type Caller, createClient, type GrpcClient } from "@slms/grpc";
import { createLogger } from "@slms/logging";
import { createInProcessBus } from "@slms/messaging";
import { createTestDatabase, type TestDatabase, waitFor } from "@slms/testing";
import { expect } from "vitest";
import { PrismaClient } from "../src/generated/prisma/client.ts";
import { migrationsDir, type RunningAssetsService, startAssetsService } from "../src/service.ts";

// What the import use-cases' tests share: an assets service on its own database, serving gRPC
// and publishing to an in-process bus; an organisation with two sites; HQ and a clerk of site A.

const system: Caller = { actor: "system:test", orgId: "system", siteIds: "all", roles: ["system"] };

export interface ImportKit {
  assets: GrpcClient<AssetsServiceDefinition>;
  /** Direct access to the service's tables, to check what is stored. */
  db: PrismaClient;
  hq: Caller;
  /** Staff of site A only. */
  clerkA: Caller;
  siteA: string;
  siteB: string;
  /** Every `assets.*` event the service published, in order. */
  events: EventEnvelope[];
  /**
   * Publishes an unheld event (a unit created the normal way) and waits until it is heard: every
   * event written before that the relay could publish has been published by then.
   */
  barrier(): Promise<void>;
  close(): Promise<void>;
}

export async function startImportKit(label: string): Promise<ImportKit> {
  const logger = createLogger({ service: `${label}-test`, level: "silent" });
  const database: TestDatabase = await createTestDatabase({ migrationsDir, label });
  const bus = createInProcessBus({ logger });
  const events: EventEnvelope[] = [];
  await bus.subscribe({
    queue: "test.assets",
    bindings: ["assets.#"],
    handle: async (event) => {
      events.push(event);
    },
  });
  const service: RunningAssetsService = await startAssetsService({
    databaseUrl: database.url,
    bus,
    logger,
    grpcAddress: "127.0.0.1:0",
    statusSyncIntervalMs: 0,
  });
  // Calls of 10,000 rows take seconds on a busy machine: more than the default 5 s deadline.
  const assets = createClient<AssetsServiceDefinition>(
    AssetsServiceClient,
    `127.0.0.1:${service.port}`,
    { deadlineMs: 60_000 },
  );
  const { prisma: db } = createDatabase(PrismaClient, { url: database.url, poolMax: 2 });
  const { organisation } = await assets.CreateOrganisation(
    { code: label.toUpperCase().slice(0, 20), name: label },
    { caller: system },
  );
  const hq: Caller = { actor: "usr_hq", orgId: organisation!.id, siteIds: "all", roles: ["hq"] };
  const site = async (code: string) =>
    (
      await assets.CreateSite(
        {
          code,
          name: code,
          kind: "SITE_KIND_MIXED",
          timeZone: "Asia/Shanghai",
          currencyCode: "CNY",
        },
        { caller: hq },
      )
    ).site!.id;
  const siteA = await site("A");
  const siteB = await site("B");
  let barriers = 0;
  return {
    assets,
    db,
    hq,
    clerkA: { actor: "usr_clerk_a", orgId: hq.orgId, siteIds: [siteA], roles: ["clerk"] },
    siteA,
    siteB,
    events,
    async barrier() {
      const { unit } = await assets.CreateUnit(
        {
          siteId: siteB,
          code: `BARRIER-${++barriers}`,
          name: "barrier",
          kind: "UNIT_KIND_STORAGE",
          grossAreaM2: "1",
          listRentMonthlyMinor: 0,
        },
        { caller: hq },
      );
      await waitFor(() => events.some((e) => e.data.unitId === unit!.id), {
        description: "the barrier event",
      });
    },
    async close() {
      assets.close();
      await db.$disconnect();
      await service.close(1_000);
      await bus.close();
      await database.close();
    },
  };
}

/** A row of ImportUnits as the client sends it. */
export type UnitRow = NonNullable<
  Parameters<GrpcClient<AssetsServiceDefinition>["ImportUnits"]>[0]["units"]
>[number];

/** An import row of unit `n`: code `U-<n>`, a shop of 40.5 m² (36 usable) at 8,000.00. */
export const unitRow = (n: number, overrides: Partial<UnitRow> = {}): UnitRow => ({
  key: `unit:U-${n}`,
  buildingCode: "",
  code: `U-${n}`,
  name: `Unit ${n}`,
  kind: "UNIT_KIND_SHOP",
  floor: "1",
  grossAreaM2: "40.5",
  usableAreaM2: "36",
  listRentMonthlyMinor: 800_000,
  ...overrides,
});

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

/** Held events of the service's outbox (written, waiting for a release). */
export async function heldEvents(db: PrismaClient): Promise<number> {
  const [row] = await db.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM outbox_messages
      WHERE published_at IS NULL AND claimed_until = 'infinity'`,
  );
  return row!.n;
}
