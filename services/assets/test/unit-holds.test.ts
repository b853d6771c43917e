import type { EventEnvelope } from "@slms/contracts";
import { AssetsServiceClient, type AssetsServiceDefinition } from "@slms/contracts/assets";
import { createDatabase, type Database } from "@slms/db";
import { DomainError } from "@slms/errors";
import { type Caller, createClient, type GrpcClient } from "@slms/grpc";
import { createLogger } from "@slms/logging";
import { createInProcessBus } from "@slms/messaging";
import { addDays } from "@slms/primitives/civil-date";
import { toDbDate, todayIn } from "@slms/primitives/zoned";
import { createTestDatabase, waitFor } from "@slms/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "../src/generated/prisma/client.ts";
import { migrationsDir, type RunningAssetsService, startAssetsService } from "../src/service.ts";
import { syncUnitStatuses } from "../src/use-cases/sync-unit-statuses.ts";

const logger = createLogger({ service: "unit-holds-test", level: "silent" });
const system: Caller = { actor: "system:test", orgId: "system", siteIds: "all", roles: ["system"] };
const today = todayIn("Asia/Shanghai", new Date());

let database: Awaited<ReturnType<typeof createTestDatabase>>;
const statusEvents: EventEnvelope[] = [];
let service: RunningAssetsService;
let assets: GrpcClient<AssetsServiceDefinition>;
let db: PrismaClient;
let pool: Database<PrismaClient>["pool"];
let hq: Caller;
let siteId: string;
let otherSiteId: string;
let unitSeq = 0;

async function failure(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

const newUnit = async (site = siteId) =>
  (
    await assets.CreateUnit(
      {
        siteId: site,
        code: `H-${++unitSeq}`,
        name: "Shop",
        kind: "UNIT_KIND_SHOP",
        grossAreaM2: "30",
        listRentMonthlyMinor: 500_000,
      },
      { caller: hq },
    )
  ).unit!;

const hold = (leaseId: string, unitIds: string[], fromDate: string, toDate: string) =>
  assets.HoldUnits({ siteId, leaseId, unitIds, fromDate, toDate }, { caller: hq });
const status = async (unitId: string) =>
  (await assets.GetUnit({ siteId, id: unitId }, { caller: hq })).unit!.status;

beforeAll(async () => {
  database = await createTestDatabase({ migrationsDir, label: "unit_holds" });
  const bus = createInProcessBus({ logger });
  await bus.subscribe({
    queue: "test.status-changes",
    bindings: ["assets.unit.status_changed"],
    handle: async (event) => {
      statusEvents.push(event);
    },
  });
  service = await startAssetsService({
    databaseUrl: database.url,
    bus,
    logger,
    grpcAddress: "127.0.0.1:0",
    statusSyncIntervalMs: 0,
  });
  assets = createClient<AssetsServiceDefinition>(AssetsServiceClient, `127.0.0.1:${service.port}`);
  ({ prisma: db, pool } = createDatabase(PrismaClient, { url: database.url, poolMax: 2 }));
  const { organisation } = await assets.CreateOrganisation(
    { code: "HOLD", name: "Holds" },
    { caller: system },
  );
  hq = { actor: "usr_hq", orgId: organisation!.id, siteIds: "all", roles: ["hq_admin"] };
  const site = async (code: string) =>
    (
      await assets.CreateSite(
        {
          code,
          name: code,
          kind: "SITE_KIND_MARKET",
          timeZone: "Asia/Shanghai",
          currencyCode: "CNY",
        },
        { caller: hq },
      )
    ).site!.id;
  siteId = await site("M-1");
  otherSiteId = await site("M-2");
});

afterAll(async () => {
  assets?.close();
  await db?.$disconnect();
  await service?.close(1_000);
  await database?.close();
});

describe("unit holds", () => {
  it("holds units for a lease; a unit held today becomes leased; holding again is a no-op", async () => {
    const [a, b] = [await newUnit(), await newUnit()];
    const { holds } = await hold("lea_1", [a.id, b.id], addDays(today, -30), addDays(today, 335));
    expect(holds.map((h) => [h.leaseId, h.fromDate, h.toDate])).toEqual([
      ["lea_1", addDays(today, -30), addDays(today, 335)],
      ["lea_1", addDays(today, -30), addDays(today, 335)],
    ]);
    expect(await status(a.id)).toBe("UNIT_STATUS_LEASED");
    const again = await hold("lea_1", [b.id, a.id], addDays(today, -30), addDays(today, 335));
    expect(again.holds).toHaveLength(2);
    const history = await assets.ListUnitStatusHistory({ siteId, id: a.id }, { caller: hq });
    expect(history.changes.map((c) => c.toStatus)).toEqual([
      "UNIT_STATUS_LEASED",
      "UNIT_STATUS_VACANT",
    ]);
  });

  it("lets the status sync lease a unit whose hold began, announcing it for the unit's organisation", async () => {
    const { id: unit } = await newUnit();
    // A hold written without the status change (as if it began at midnight since the last sync).
    await db.unitHold.create({
      data: {
        id: "hld_sync_test",
        unitId: unit,
        siteId,
        leaseId: "lea_sync_test",
        fromDate: toDbDate(today),
        toDate: toDbDate(addDays(today, 30)),
        actor: "usr_hq",
      },
    });
    const systemJob: Caller = { ...system, actor: "system:unit-status-sync" };
    // The job's own deps on this database: its events reach the bus through the service's relay.
    expect(await syncUnitStatuses({ db, pool, outboxWritten: () => {} }, systemJob, siteId)).toBe(
      1,
    );
    expect(await status(unit)).toBe("UNIT_STATUS_LEASED");
    const event = await waitFor(() => statusEvents.find((e) => e.data.unitId === unit), {
      timeoutMs: 10_000,
      description: "the status_changed event",
    });
    // The job runs as the system, but the fact belongs to the unit's organisation.
    expect(event).toMatchObject({ orgId: hq.orgId, actor: "system:unit-status-sync" });
    expect(event?.data).toMatchObject({ from: "vacant", to: "leased" });
  });

  it("leaves a unit under maintenance as it is when held; the sync leases it once it is vacant", async () => {
    const { id: unit } = await newUnit();
    await assets.ChangeUnitStatus(
      { siteId, id: unit, status: "UNIT_STATUS_MAINTENANCE", reason: "repainting" },
      { caller: hq },
    );
    await assets.HoldUnits(
      { siteId, leaseId: "lea_maint", unitIds: [unit], fromDate: today, toDate: addDays(today, 9) },
      { caller: hq },
    );
    expect(await status(unit)).toBe("UNIT_STATUS_MAINTENANCE");
    await assets.ChangeUnitStatus(
      { siteId, id: unit, status: "UNIT_STATUS_VACANT", reason: "repainted" },
      { caller: hq },
    );
    await syncUnitStatuses({ db, pool, outboxWritten: () => {} }, system, siteId);
    expect(await status(unit)).toBe("UNIT_STATUS_LEASED");
  });

  it("refuses an overlapping hold by another lease, naming unit and holder, and holds nothing", async () => {
    const [a, b] = [await newUnit(), await newUnit()];
    await hold("lea_2", [a.id], "2030-01-01", "2030-12-31");
    const error = await failure(hold("lea_3", [b.id, a.id], "2030-12-31", "2031-06-30"));
    expect(error.kind).toBe("conflict");
    expect(error.message).toContain(a.code);
    expect(error.message).toContain("lea_2");
    expect(error.details).toEqual([
      { field: "unitIds.1", message: "held by lease lea_2 from 2030-01-01 to 2030-12-31" },
    ]);
    expect(await db.unitHold.count({ where: { leaseId: "lea_3" } })).toBe(0);
    // The day after ends is free: a renewal can follow without a gap.
    await hold("lea_3", [a.id], "2031-01-01", "2031-12-31");
  });

  it("lets exactly one of two concurrent overlapping holds win, 50 times over", async () => {
    for (let race = 0; race < 50; race++) {
      const unit = await newUnit();
      const results = await Promise.allSettled([
        hold(`lea_race_${race}_a`, [unit.id], "2032-01-01", "2032-12-31"),
        hold(`lea_race_${race}_b`, [unit.id], "2032-06-01", "2033-05-31"),
      ]);
      const won = results.filter((r) => r.status === "fulfilled");
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(won, `race ${race}`).toHaveLength(1);
      expect((lost[0]!.reason as DomainError).kind).toBe("conflict");
      expect(await db.unitHold.count({ where: { unitId: unit.id } })).toBe(1);
    }
  }, 60_000);

  it("validates the request and the units", async () => {
    const unit = await newUnit();
    const other = await newUnit(otherSiteId);
    expect(
      (await failure(hold("lea_v", [unit.id], "2030-05-01", "2030-04-30"))).details.map(
        (d) => d.field,
      ),
    ).toEqual(["toDate"]);
    expect(
      (await failure(hold("lea_v", [unit.id, unit.id], "2030-02-30", "2030-04-30"))).details.map(
        (d) => d.field,
      ),
    ).toEqual(["unitIds", "fromDate"]);
    expect(
      (await failure(hold("lea_v", [unit.id, other.id], "2030-01-01", "2030-04-30"))).details,
    ).toEqual([{ field: "unitIds.1", message: "is not a unit of this site" }]);
    await assets.ChangeUnitStatus(
      { siteId, id: unit.id, status: "UNIT_STATUS_INACTIVE", reason: "demolished" },
      { caller: hq },
    );
    expect((await failure(hold("lea_v", [unit.id], "2030-01-01", "2030-04-30"))).kind).toBe(
      "conflict",
    );
  });

  it("releases from a date: shortens current holds, removes future ones, vacates the unit", async () => {
    const [a, b] = [await newUnit(), await newUnit()];
    await hold("lea_4", [a.id, b.id], addDays(today, -100), addDays(today, 265));
    expect(await status(a.id)).toBe("UNIT_STATUS_LEASED");
    const manual = await failure(
      assets.ChangeUnitStatus(
        { siteId, id: a.id, status: "UNIT_STATUS_VACANT", reason: "try" },
        { caller: hq },
      ),
    );
    expect(manual.kind).toBe("conflict");
    const { holds } = await assets.ReleaseUnits(
      { siteId, leaseId: "lea_4", releaseFrom: today },
      { caller: hq },
    );
    expect(holds.map((h) => h.toDate)).toEqual([addDays(today, -1), addDays(today, -1)]);
    expect(await status(a.id)).toBe("UNIT_STATUS_VACANT");
    expect(await status(b.id)).toBe("UNIT_STATUS_VACANT");
    // Idempotent; and the units are free for someone else from today.
    await assets.ReleaseUnits({ siteId, leaseId: "lea_4", releaseFrom: today }, { caller: hq });
    await hold("lea_5", [a.id], today, addDays(today, 30));

    const c = await newUnit();
    await hold("lea_6", [c.id], addDays(today, 10), addDays(today, 40));
    const released = await assets.ReleaseUnits(
      { siteId, leaseId: "lea_6", releaseFrom: addDays(today, 5) },
      { caller: hq },
    );
    expect(released.holds).toEqual([]);
    expect(await db.unitHold.count({ where: { leaseId: "lea_6" } })).toBe(0);
  });

  it("syncs statuses as days pass: a hold that starts becomes leased, one that ends becomes vacant", async () => {
    const unit = await newUnit();
    await hold("lea_7", [unit.id], addDays(today, 1), addDays(today, 60));
    expect(await status(unit.id)).toBe("UNIT_STATUS_VACANT");
    // Time passes: the hold now covers today.
    await db.unitHold.updateMany({
      where: { leaseId: "lea_7" },
      data: { fromDate: toDbDate(addDays(today, -1)) },
    });
    expect((await assets.SyncUnitStatuses({ siteId }, { caller: hq })).changed).toBe(1);
    expect(await status(unit.id)).toBe("UNIT_STATUS_LEASED");
    expect((await assets.SyncUnitStatuses({ siteId }, { caller: hq })).changed).toBe(0);
    // The lease ended yesterday.
    await db.unitHold.updateMany({
      where: { leaseId: "lea_7" },
      data: { toDate: toDbDate(addDays(today, -1)) },
    });
    const concurrent = await Promise.all([
      assets.SyncUnitStatuses({ siteId }, { caller: hq }),
      assets.SyncUnitStatuses({}, { caller: system }),
    ]);
    expect(concurrent.reduce((sum, r) => sum + r.changed, 0)).toBe(1);
    expect(await status(unit.id)).toBe("UNIT_STATUS_VACANT");
  });

  it("lists a unit's current and future holds", async () => {
    const unit = await newUnit();
    await hold("lea_8", [unit.id], addDays(today, -400), addDays(today, -40));
    await hold("lea_9", [unit.id], addDays(today, -39), addDays(today, 100));
    await hold("lea_10", [unit.id], addDays(today, 101), addDays(today, 500));
    const { holds } = await assets.ListUnitHolds({ siteId, unitId: unit.id }, { caller: hq });
    expect(holds.map((h) => h.leaseId)).toEqual(["lea_9", "lea_10"]);
  });
});
