import type { EventEnvelope } from "@slms/contracts";
import { AssetsServiceClient, type AssetsServiceDefinition } from "@slms/contracts/assets";
import { type Caller, createClient, type GrpcClient } from "@slms/grpc";
import { createLogger } from "@slms/logging";
import { createInProcessBus } from "@slms/messaging";
import { createTestDatabase, waitFor } from "@slms/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationsDir, type RunningAssetsService, startAssetsService } from "../src/service.ts";

// Sites are announced (assets.site.created / .updated) so other services — reporting — know
// their time zone and currency and see every change with who made it and what it was before.
const logger = createLogger({ service: "site-events-test", level: "silent" });
const system: Caller = { actor: "system:test", orgId: "system", siteIds: "all", roles: ["system"] };
const events: EventEnvelope[] = [];
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let service: RunningAssetsService;
let assets: GrpcClient<AssetsServiceDefinition>;
let hq: Caller;

beforeAll(async () => {
  database = await createTestDatabase({ migrationsDir, label: "site_events" });
  const bus = createInProcessBus({ logger });
  await bus.subscribe({
    queue: "test.sites",
    bindings: ["assets.site.*", "assets.unit.updated"],
    handle: async (event) => {
      events.push(event);
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
  const { organisation } = await assets.CreateOrganisation(
    { code: "SEV", name: "Site events" },
    { caller: system },
  );
  hq = { actor: "usr_hq", orgId: organisation!.id, siteIds: "all", roles: ["hq_admin"] };
});

afterAll(async () => {
  assets?.close();
  await service?.close(1_000);
  await database?.close();
});

describe("site events", () => {
  it("announces a new site with its time zone and currency, and each change before → after", async () => {
    const { site } = await assets.CreateSite(
      {
        code: "EV-1",
        name: "Harbour Mall",
        kind: "SITE_KIND_MARKET",
        timeZone: "Asia/Shanghai",
        currencyCode: "CNY",
      },
      { caller: hq },
    );
    const created = await waitFor(
      () => events.find((e) => e.type === "assets.site.created" && e.siteId === site!.id),
      { timeoutMs: 5_000, description: "assets.site.created" },
    );
    expect(created).toMatchObject({ orgId: hq.orgId, actor: "usr_hq" });
    expect(created!.data).toEqual({
      siteId: site!.id,
      code: "EV-1",
      name: "Harbour Mall",
      kind: "market",
      timeZone: "Asia/Shanghai",
      currency: "CNY",
      address: "",
    });

    const staff: Caller = {
      actor: "usr_mgr",
      orgId: hq.orgId,
      siteIds: [site!.id],
      roles: ["site_manager"],
    };
    await assets.UpdateSite(
      { id: site!.id, name: "Harbour Mall East", timeZone: "Asia/Urumqi", address: "" },
      { caller: staff },
    );
    const updated = await waitFor(
      () => events.find((e) => e.type === "assets.site.updated" && e.siteId === site!.id),
      { timeoutMs: 5_000, description: "assets.site.updated" },
    );
    expect(updated).toMatchObject({ actor: "usr_mgr" });
    expect(updated!.data).toMatchObject({
      name: "Harbour Mall East",
      timeZone: "Asia/Urumqi",
      changes: [
        { field: "name", from: "Harbour Mall", to: "Harbour Mall East" },
        { field: "timeZone", from: "Asia/Shanghai", to: "Asia/Urumqi" },
      ],
    });
  });

  it("announces nothing for an update that changes nothing", async () => {
    const { site } = await assets.CreateSite(
      {
        code: "EV-2",
        name: "Same",
        kind: "SITE_KIND_MARKET",
        timeZone: "Asia/Shanghai",
        currencyCode: "CNY",
      },
      { caller: hq },
    );
    await waitFor(() => events.find((e) => e.siteId === site!.id), {
      timeoutMs: 5_000,
      description: "the creation",
    });
    await assets.UpdateSite({ id: site!.id, name: "Same" }, { caller: hq });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(events.filter((e) => e.siteId === site!.id).map((e) => e.type)).toEqual([
      "assets.site.created",
    ]);
  });

  it("announces a unit's edit with each changed field before → after, and nothing for no change", async () => {
    const { site } = await assets.CreateSite(
      {
        code: "EV-3",
        name: "Units",
        kind: "SITE_KIND_OFFICE",
        timeZone: "Asia/Shanghai",
        currencyCode: "CNY",
      },
      { caller: hq },
    );
    const { unit } = await assets.CreateUnit(
      {
        siteId: site!.id,
        code: "U-1",
        name: "Unit one",
        kind: "UNIT_KIND_OFFICE",
        grossAreaM2: "100.00",
        usableAreaM2: "80.00",
        listRentMonthlyMinor: 1_000_000,
      },
      { caller: hq },
    );
    await assets.UpdateUnit({ siteId: site!.id, id: unit!.id, name: "Unit one" }, { caller: hq });
    await assets.UpdateUnit(
      { siteId: site!.id, id: unit!.id, grossAreaM2: "120.5", listRentMonthlyMinor: 1_200_000 },
      { caller: hq },
    );
    const updated = await waitFor(
      () => events.find((e) => e.type === "assets.unit.updated" && e.siteId === site!.id),
      { timeoutMs: 5_000, description: "assets.unit.updated" },
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(
      events.filter((e) => e.type === "assets.unit.updated" && e.siteId === site!.id),
    ).toHaveLength(1);
    expect(updated).toMatchObject({ actor: "usr_hq", orgId: hq.orgId });
    expect(updated!.data).toMatchObject({
      unitId: unit!.id,
      grossAreaM2: "120.50",
      // A gross area given alone sets the usable area to it.
      usableAreaM2: "120.50",
      listRentMonthlyMinor: 1_200_000,
      changes: [
        { field: "grossAreaM2", from: "100.00", to: "120.50" },
        { field: "usableAreaM2", from: "80.00", to: "120.50" },
        { field: "listRentMonthlyMinor", from: 1_000_000, to: 1_200_000 },
      ],
    });
  });
});
