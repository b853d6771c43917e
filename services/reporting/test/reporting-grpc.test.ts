import { migrationsDir as assetsMigrations, startAssetsService } from "@slms/assets";
import { AssetsServiceClient, type AssetsServiceDefinition } from "@slms/contracts/assets";
import { ReportingServiceClient, type ReportingServiceDefinition } from "@slms/contracts/reporting";
import { type Caller, createClient, type GrpcClient } from "@slms/grpc";
import { createLogger } from "@slms/logging";
import { createRabbitBus, type RabbitBus } from "@slms/messaging";
import { createTestBroker, createTestDatabase, waitFor } from "@slms/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationsDir, startReportingService } from "../src/service.ts";

// The whole path over the machine's RabbitMQ: units created and let through the assets service's
// gRPC API reach reporting as events (outbox → broker → inbox), and its gRPC API reports them.
const logger = createLogger({ service: "reporting-grpc-test", level: "silent" });
const system: Caller = { actor: "system:test", orgId: "system", siteIds: "all", roles: ["system"] };
const broker = createTestBroker();
const closers: (() => Promise<unknown> | unknown)[] = [];
let bus: RabbitBus;
let assets: GrpcClient<AssetsServiceDefinition>;
let reporting: GrpcClient<ReportingServiceDefinition>;
let hq: Caller;

beforeAll(async () => {
  const assetsDb = await createTestDatabase({
    migrationsDir: assetsMigrations,
    label: "rep_assets",
  });
  const reportingDb = await createTestDatabase({ migrationsDir, label: "rep_reporting" });
  closers.push(
    () => assetsDb.close(),
    () => reportingDb.close(),
    () => broker.close(),
  );
  broker.name("reporting.events");
  bus = await createRabbitBus({
    url: broker.url,
    exchange: broker.exchange,
    queuePrefix: broker.exchange,
    logger,
    connectionName: "reporting-grpc-test",
  });
  closers.unshift(() => bus.close());
  const reportingService = await startReportingService({
    databaseUrl: reportingDb.url,
    bus,
    logger,
    grpcAddress: "127.0.0.1:0",
  });
  const assetsService = await startAssetsService({
    databaseUrl: assetsDb.url,
    bus,
    logger,
    grpcAddress: "127.0.0.1:0",
    statusSyncIntervalMs: 0,
  });
  closers.unshift(
    () => reportingService.close(1_000),
    () => assetsService.close(1_000),
  );
  assets = createClient<AssetsServiceDefinition>(
    AssetsServiceClient,
    `127.0.0.1:${assetsService.port}`,
  );
  reporting = createClient<ReportingServiceDefinition>(
    ReportingServiceClient,
    `127.0.0.1:${reportingService.port}`,
  );
  closers.unshift(
    () => assets.close(),
    () => reporting.close(),
  );
  const { organisation } = await assets.CreateOrganisation(
    { code: "REP", name: "Reporting" },
    { caller: system },
  );
  hq = { actor: "usr_hq", orgId: organisation!.id, siteIds: "all", roles: ["hq_admin"] };
});

afterAll(async () => {
  for (const close of closers) await close();
});

describe("reporting over gRPC, fed by the assets service through RabbitMQ", () => {
  it("reports occupancy and freshness of the units created and let", async () => {
    const { site } = await assets.CreateSite(
      {
        code: "R-1",
        name: "Tower",
        kind: "SITE_KIND_OFFICE",
        timeZone: "Asia/Shanghai",
        currencyCode: "CNY",
      },
      { caller: hq },
    );
    const units = [];
    for (const [code, area] of [
      ["101", "100.25"],
      ["102", "50.50"],
    ] as const) {
      const { unit } = await assets.CreateUnit(
        {
          siteId: site!.id,
          code,
          name: code,
          kind: "UNIT_KIND_OFFICE",
          grossAreaM2: area,
          listRentMonthlyMinor: 1_000_000,
        },
        { caller: hq },
      );
      units.push(unit!);
    }
    await assets.ChangeUnitStatus(
      { siteId: site!.id, id: units[0]!.id, status: "UNIT_STATUS_MAINTENANCE", reason: "repaint" },
      { caller: hq },
    );
    const occupancy = await waitFor(
      async () => {
        const response = await reporting.GetOccupancy({ siteId: site!.id }, { caller: hq });
        const total = response.sites[0]?.total;
        return total?.units === 2 && total.maintenanceUnits === 1 ? response : undefined;
      },
      { timeoutMs: 15_000, description: "both units and the status change in the report" },
    );
    expect(occupancy.total).toMatchObject({
      units: 2,
      vacantUnits: 1,
      maintenanceUnits: 1,
      areaM2: "150.75",
      vacantAreaM2: "50.50",
      vacancyRateUnitsBp: 5000,
      vacancyRateAreaBp: 3350,
    });
    expect(occupancy.sites[0]!.byKind.map((k) => k.kind)).toEqual(["office"]);

    const freshness = await reporting.GetDataFreshness({ siteId: site!.id }, { caller: hq });
    expect(freshness.sites[0]).toMatchObject({ siteId: site!.id, quiet: false });
    expect(freshness.sites[0]!.activity.map((a) => [a.type, String(a.events)])).toEqual([
      ["assets.site.created", "1"],
      ["assets.unit.created", "2"],
      ["assets.unit.status_changed", "1"],
    ]);

    const clerk: Caller = {
      actor: "usr_c",
      orgId: hq.orgId,
      siteIds: ["sit_other"],
      roles: ["clerk"],
    };
    await expect(
      reporting.GetOccupancy({ siteId: site!.id }, { caller: clerk }),
    ).rejects.toMatchObject({
      kind: "not_found",
    });
    await expect(
      reporting.GetDataFreshness({ quietAfterDays: 400 }, { caller: hq }),
    ).rejects.toMatchObject({ kind: "invalid" });
  });
});
