import {
  AssetsServiceClient,
  type AssetsServiceDefinition,
  type UnitStatus,
} from "@slms/contracts/assets";
import { DomainError } from "@slms/errors";
import { type Caller, createClient, type GrpcClient } from "@slms/grpc";
import { createLogger } from "@slms/logging";
import { createInProcessBus } from "@slms/messaging";
import { createTestDatabase } from "@slms/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationsDir, type RunningAssetsService, startAssetsService } from "../src/service.ts";

const logger = createLogger({ service: "assets-test", level: "silent" });
const system: Caller = { actor: "system:test", orgId: "system", siteIds: "all", roles: ["system"] };

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let service: RunningAssetsService;
let assets: GrpcClient<AssetsServiceDefinition>;
let hq: Caller;
let otherOrg: Caller;

async function expectError(
  promise: Promise<unknown>,
  kind: DomainError["kind"],
  fields: string[] = [],
) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).kind).toBe(kind);
  if (fields.length > 0) expect((error as DomainError).details.map((d) => d.field)).toEqual(fields);
}

beforeAll(async () => {
  database = await createTestDatabase({ migrationsDir, label: "assets_grpc" });
  const bus = createInProcessBus({ logger });
  service = await startAssetsService({
    databaseUrl: database.url,
    bus,
    logger,
    grpcAddress: "127.0.0.1:0",
  });
  assets = createClient<AssetsServiceDefinition>(AssetsServiceClient, `127.0.0.1:${service.port}`);
  const { organisation } = await assets.CreateOrganisation(
    { code: "ACME", name: "Acme Property" },
    { caller: system },
  );
  const { organisation: other } = await assets.CreateOrganisation(
    { code: "OTHER", name: "Other" },
    { caller: system },
  );
  hq = { actor: "usr_hq", orgId: organisation!.id, siteIds: "all", roles: ["hq_admin"] };
  otherOrg = { actor: "usr_other", orgId: other!.id, siteIds: "all", roles: ["hq_admin"] };
});

afterAll(async () => {
  assets?.close();
  await service?.close(1_000);
  await database?.close();
});

const newSite = (code: string, caller = hq) =>
  assets
    .CreateSite(
      {
        code,
        name: `Site ${code}`,
        kind: "SITE_KIND_RESIDENTIAL",
        timeZone: "Asia/Shanghai",
        currencyCode: "CNY",
      },
      { caller },
    )
    .then((r) => r.site!);

const newUnit = (siteId: string, code: string, extra: Record<string, unknown> = {}, caller = hq) =>
  assets
    .CreateUnit(
      {
        siteId,
        code,
        name: `Unit ${code}`,
        kind: "UNIT_KIND_APARTMENT",
        grossAreaM2: "85.50",
        listRentMonthlyMinor: 650_000,
        ...extra,
      },
      { caller },
    )
    .then((r) => r.unit!);

describe("organisations", () => {
  it("only the system creates them; codes are unique", async () => {
    await expectError(
      assets.CreateOrganisation({ code: "X", name: "X" }, { caller: hq }),
      "forbidden",
    );
    await expectError(
      assets.CreateOrganisation({ code: "ACME", name: "again" }, { caller: system }),
      "conflict",
      ["code"],
    );
  });

  it("a caller sees only its own organisation", async () => {
    const { organisation } = await assets.GetOrganisation({}, { caller: hq });
    expect(organisation?.code).toBe("ACME");
    await expectError(assets.GetOrganisation({ id: otherOrg.orgId }, { caller: hq }), "not_found");
    await expectError(assets.GetOrganisation({ code: "OTHER" }, { caller: hq }), "not_found");
    expect(
      (await assets.GetOrganisation({ code: "OTHER" }, { caller: system })).organisation?.id,
    ).toBe(otherOrg.orgId);
  });

  it("refuses calls without a caller", async () => {
    await expectError(assets.ListSites({}), "unauthenticated");
  });
});

describe("sites", () => {
  it("creates, gets, lists and updates sites", async () => {
    const site = await newSite("S-CRUD");
    expect(site).toMatchObject({
      code: "S-CRUD",
      kind: "SITE_KIND_RESIDENTIAL",
      timeZone: "Asia/Shanghai",
      currencyCode: "CNY",
      orgId: hq.orgId,
    });
    expect(site.id).toMatch(/^sit_/);
    expect((await assets.GetSite({ id: site.id }, { caller: hq })).site?.name).toBe("Site S-CRUD");
    const { site: updated } = await assets.UpdateSite(
      { id: site.id, name: "Renamed", kind: "SITE_KIND_MIXED" },
      { caller: hq },
    );
    expect(updated).toMatchObject({
      name: "Renamed",
      kind: "SITE_KIND_MIXED",
      timeZone: "Asia/Shanghai",
    });
  });

  it("names every bad field and writes nothing", async () => {
    await expectError(
      assets.CreateSite(
        {
          code: "",
          name: "",
          kind: "SITE_KIND_UNSPECIFIED",
          timeZone: "Mars/Base",
          currencyCode: "RMB",
        },
        { caller: hq },
      ),
      "invalid",
      ["code", "name", "kind", "timeZone", "currency"],
    );
    const { sites } = await assets.ListSites({ pageSize: 500 }, { caller: hq });
    expect(sites.map((s) => s.code)).not.toContain("");
  });

  it("rejects a duplicate code in the organisation but allows it in another", async () => {
    await newSite("S-DUP");
    await expectError(newSite("S-DUP"), "conflict", ["code"]);
    await newSite("S-DUP", otherOrg);
  });

  it("site-scoped callers see only their sites; other organisations see nothing", async () => {
    const a = await newSite("S-SCOPE-A");
    const b = await newSite("S-SCOPE-B");
    const clerk: Caller = {
      actor: "usr_clerk",
      orgId: hq.orgId,
      siteIds: [a.id],
      roles: ["clerk"],
    };
    const { sites } = await assets.ListSites({ pageSize: 500 }, { caller: clerk });
    expect(sites.map((s) => s.id)).toEqual([a.id]);
    await expectError(assets.GetSite({ id: b.id }, { caller: clerk }), "not_found");
    await expectError(assets.GetSite({ id: a.id }, { caller: otherOrg }), "not_found");
    await expectError(newSite("S-BY-CLERK", clerk), "forbidden");
  });

  it("pages through sites in code order", async () => {
    const { sites: all } = await assets.ListSites({ pageSize: 500 }, { caller: hq });
    const seen: string[] = [];
    let token = "";
    do {
      const page = await assets.ListSites({ pageSize: 2, pageToken: token }, { caller: hq });
      expect(page.sites.length).toBeLessThanOrEqual(2);
      seen.push(...page.sites.map((s) => s.code));
      token = page.nextPageToken;
    } while (token);
    expect(seen).toEqual(all.map((s) => s.code));
    expect(seen).toEqual([...seen].sort());
  });
});

describe("units", () => {
  it("creates every kind of unit, vacant, with areas and rent in the site currency", async () => {
    const site = await newSite("S-KINDS");
    const kinds = [
      "APARTMENT",
      "HIGH_RISE_FLAT",
      "VILLA",
      "OFFICE",
      "SHOP",
      "WAREHOUSE",
      "SERVICED_APARTMENT",
      "PARKING_SURFACE",
      "PARKING_UNDERGROUND",
      "PARKING_GARAGE",
      "STORAGE",
      "EQUIPMENT",
    ];
    for (const [i, kind] of kinds.entries()) {
      const unit = await newUnit(site.id, `K-${i}`, {
        kind: `UNIT_KIND_${kind}`,
        usableAreaM2: "70.25",
      });
      expect(unit).toMatchObject({
        kind: `UNIT_KIND_${kind}`,
        status: "UNIT_STATUS_VACANT",
        grossAreaM2: "85.50",
        usableAreaM2: "70.25",
        listRentMonthly: { currencyCode: "CNY", amountMinor: 650_000 },
      });
    }
    const { units } = await assets.ListUnits({ siteId: site.id, pageSize: 100 }, { caller: hq });
    expect(units).toHaveLength(kinds.length);
  });

  it("keeps codes unique per site, not across sites", async () => {
    const a = await newSite("S-UCODE-A");
    const b = await newSite("S-UCODE-B");
    await newUnit(a.id, "A-101");
    await expectError(newUnit(a.id, "A-101"), "conflict", ["code"]);
    await newUnit(b.id, "A-101");
  });

  it("names bad fields: areas, rent, kind, building of another site", async () => {
    const site = await newSite("S-BAD");
    const other = await newSite("S-BAD-OTHER");
    const { building } = await assets.CreateBuilding(
      { siteId: other.id, code: "B1", name: "Tower" },
      { caller: hq },
    );
    await expectError(
      newUnit(site.id, "BAD-1", {
        grossAreaM2: "12.345",
        usableAreaM2: "x",
        kind: "UNIT_KIND_UNSPECIFIED",
      }),
      "invalid",
      ["kind"],
    );
    await expectError(newUnit(site.id, "BAD-2", { grossAreaM2: "0" }), "invalid", ["grossAreaM2"]);
    await expectError(
      newUnit(site.id, "BAD-3", { grossAreaM2: "50", usableAreaM2: "60" }),
      "invalid",
      ["usableAreaM2"],
    );
    await expectError(newUnit(site.id, "BAD-4", { listRentMonthlyMinor: -1 }), "invalid", [
      "listRentMonthlyMinor",
    ]);
    await expectError(newUnit(site.id, "BAD-5", { buildingId: building!.id }), "not_found", [
      "buildingId",
    ]);
    const { units } = await assets.ListUnits({ siteId: site.id }, { caller: hq });
    expect(units).toHaveLength(0);
  });

  it("filters and pages units", async () => {
    const site = await newSite("S-LIST");
    const { building } = await assets.CreateBuilding(
      { siteId: site.id, code: "T1", name: "Tower 1", floors: 30 },
      { caller: hq },
    );
    for (let i = 0; i < 7; i++) {
      await newUnit(site.id, `T1-${String(i).padStart(2, "0")}`, {
        buildingId: building!.id,
        name: `Flat ${i}`,
      });
    }
    await newUnit(site.id, "P-001", { kind: "UNIT_KIND_PARKING_UNDERGROUND", name: "Parking B2" });
    const codes: string[] = [];
    let token = "";
    do {
      const page = await assets.ListUnits(
        { siteId: site.id, pageSize: 3, pageToken: token },
        { caller: hq },
      );
      codes.push(...page.units.map((u) => u.code));
      token = page.nextPageToken;
    } while (token);
    expect(codes).toEqual(["P-001", "T1-00", "T1-01", "T1-02", "T1-03", "T1-04", "T1-05", "T1-06"]);
    const parking = await assets.ListUnits(
      { siteId: site.id, kind: "UNIT_KIND_PARKING_UNDERGROUND" },
      { caller: hq },
    );
    expect(parking.units.map((u) => u.code)).toEqual(["P-001"]);
    const inTower = await assets.ListUnits(
      { siteId: site.id, buildingId: building!.id },
      { caller: hq },
    );
    expect(inTower.units).toHaveLength(7);
    const search = await assets.ListUnits({ siteId: site.id, query: "t1-0" }, { caller: hq });
    expect(search.units).toHaveLength(7);
    const byName = await assets.ListUnits({ siteId: site.id, query: "b2" }, { caller: hq });
    expect(byName.units.map((u) => u.code)).toEqual(["P-001"]);
    await expectError(
      assets.ListUnits({ siteId: site.id, pageToken: "forged" }, { caller: hq }),
      "invalid",
      ["pageToken"],
    );
  });

  it("searches literally: % and _ are characters, not wildcards; crafted page tokens are refused", async () => {
    const site = await newSite("S-LIKE");
    await newUnit(site.id, "A_1", { name: "100% office" });
    await newUnit(site.id, "AB1", { name: "Plain office" });
    const codes = async (query: string) =>
      (await assets.ListUnits({ siteId: site.id, query }, { caller: hq })).units.map((u) => u.code);
    // Code prefix or part of the name: "_" starts no code and is in no name.
    expect(await codes("_")).toEqual([]);
    expect(await codes("A_")).toEqual(["A_1"]);
    expect(await codes("%")).toEqual(["A_1"]);
    expect(await codes("\\")).toEqual([]);
    expect(await codes("office")).toEqual(["AB1", "A_1"]); // in code order
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    for (const pageToken of [b64({ k: "\u0000" }), b64({ k: { gt: "" } }), b64({ k: "x", y: 1 })]) {
      await expectError(
        assets.ListUnits({ siteId: site.id, pageToken }, { caller: hq }),
        "invalid",
        ["pageToken"],
      );
    }
  });

  it("updates only the given fields and keeps areas consistent", async () => {
    const site = await newSite("S-UPD");
    const unit = await newUnit(site.id, "U-1", { usableAreaM2: "80" });
    const { unit: renamed } = await assets.UpdateUnit(
      { siteId: site.id, id: unit.id, name: "Penthouse" },
      { caller: hq },
    );
    expect(renamed).toMatchObject({
      name: "Penthouse",
      grossAreaM2: "85.50",
      usableAreaM2: "80.00",
      code: "U-1",
    });
    const { unit: repriced } = await assets.UpdateUnit(
      { siteId: site.id, id: unit.id, listRentMonthlyMinor: 700_000, grossAreaM2: "90" },
      { caller: hq },
    );
    expect(repriced).toMatchObject({
      grossAreaM2: "90.00",
      usableAreaM2: "90.00",
      listRentMonthly: { amountMinor: 700_000 },
    });
    await expectError(
      assets.UpdateUnit({ siteId: site.id, id: unit.id, usableAreaM2: "95" }, { caller: hq }),
      "invalid",
      ["usableAreaM2"],
    );
  });

  it("changes status with a reason, keeps history, refuses impossible moves", async () => {
    const site = await newSite("S-STATUS");
    const unit = await newUnit(site.id, "U-ST");
    const change = (status: UnitStatus, reason = "test") =>
      assets.ChangeUnitStatus({ siteId: site.id, id: unit.id, status, reason }, { caller: hq });
    expect((await change("UNIT_STATUS_RESERVED", "holding for Mr Li")).unit?.status).toBe(
      "UNIT_STATUS_RESERVED",
    );
    expect((await change("UNIT_STATUS_LEASED", "lease signed")).unit?.status).toBe(
      "UNIT_STATUS_LEASED",
    );
    await expectError(change("UNIT_STATUS_MAINTENANCE"), "conflict", ["status"]);
    await expectError(change("UNIT_STATUS_VACANT", ""), "invalid", ["reason"]);
    const { changes } = await assets.ListUnitStatusHistory(
      { siteId: site.id, id: unit.id },
      { caller: hq },
    );
    expect(changes.map((c) => [c.fromStatus, c.toStatus, c.reason, c.actor])).toEqual([
      ["UNIT_STATUS_RESERVED", "UNIT_STATUS_LEASED", "lease signed", "usr_hq"],
      ["UNIT_STATUS_VACANT", "UNIT_STATUS_RESERVED", "holding for Mr Li", "usr_hq"],
      ["UNIT_STATUS_UNSPECIFIED", "UNIT_STATUS_VACANT", "created", "usr_hq"],
    ]);
  });

  it("lets exactly one of two concurrent identical status changes win", async () => {
    const site = await newSite("S-RACE");
    const unit = await newUnit(site.id, "U-RACE");
    const results = await Promise.allSettled(
      (["UNIT_STATUS_LEASED", "UNIT_STATUS_LEASED"] as const).map((status) =>
        assets.ChangeUnitStatus(
          { siteId: site.id, id: unit.id, status, reason: "race" },
          { caller: hq },
        ),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const loser = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect((loser.reason as DomainError).kind).toBe("conflict");
    const { changes } = await assets.ListUnitStatusHistory(
      { siteId: site.id, id: unit.id },
      { caller: hq },
    );
    expect(changes).toHaveLength(2);
  });

  it("hides units of sites outside the caller's scope", async () => {
    const a = await newSite("S-HIDE-A");
    const b = await newSite("S-HIDE-B");
    const unitB = await newUnit(b.id, "B-1");
    const clerkA: Caller = { actor: "usr_a", orgId: hq.orgId, siteIds: [a.id], roles: ["clerk"] };
    await expectError(
      assets.GetUnit({ siteId: b.id, id: unitB.id }, { caller: clerkA }),
      "not_found",
    );
    await expectError(
      assets.GetUnit({ siteId: a.id, id: unitB.id }, { caller: clerkA }),
      "not_found",
    );
    await expectError(assets.ListUnits({ siteId: b.id }, { caller: clerkA }), "not_found");
    await expectError(newUnit(b.id, "B-2", {}, clerkA), "not_found");
    await expectError(
      assets.ChangeUnitStatus(
        { siteId: b.id, id: unitB.id, status: "UNIT_STATUS_RESERVED", reason: "x" },
        { caller: clerkA },
      ),
      "not_found",
    );
    await expectError(
      assets.UpdateUnit({ siteId: b.id, id: unitB.id, name: "x" }, { caller: otherOrg }),
      "not_found",
    );
  });
});
