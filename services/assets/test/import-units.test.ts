import { waitFor } from "@slms/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, heldEvents, type ImportKit, startImportKit, unitRow } from "./import-kit.ts";

let kit: ImportKit;
beforeAll(async () => {
  kit = await startImportKit("import_units");
});
afterAll(async () => {
  await kit?.close();
});

const importUnits = (batchId: string, units: ReturnType<typeof unitRow>[], siteId = kit.siteA) =>
  kit.assets.ImportUnits({ siteId, batchId, units }, { caller: kit.hq });

describe("ImportUnits", () => {
  it("makes units as CreateUnit makes them, buildings by code, and holds their events", async () => {
    await kit.assets.CreateBuilding(
      { siteId: kit.siteA, code: "T1", name: "Tower 1" },
      { caller: kit.hq },
    );
    const rows = [
      unitRow(1, { buildingCode: "T1" }),
      unitRow(2, { buildingCode: "T2", buildingName: "二号楼", usableAreaM2: "" }),
      unitRow(3, { buildingCode: "T2", kind: "UNIT_KIND_OFFICE", floor: "" }),
      unitRow(4),
    ];
    const { units } = await importUnits("b-valid", rows);
    expect(units.map((u) => u.key)).toEqual(rows.map((r) => r.key));
    expect(units.every((u) => u.id.startsWith("unt_"))).toBe(true);

    const { buildings } = await kit.assets.ListBuildings({ siteId: kit.siteA }, { caller: kit.hq });
    const byCode = new Map(buildings.map((b) => [b.code, b]));
    expect([...byCode.keys()].sort()).toEqual(["T1", "T2"]);
    expect(byCode.get("T2")).toMatchObject({ name: "二号楼", floors: 0 });
    // An existing building keeps its name.
    expect(byCode.get("T1")).toMatchObject({ name: "Tower 1" });

    // The same unit made the normal way, for comparison.
    const { unit: created } = await kit.assets.CreateUnit(
      {
        siteId: kit.siteA,
        buildingId: byCode.get("T1")!.id,
        code: "CREATED-1",
        name: "Unit 1",
        kind: "UNIT_KIND_SHOP",
        floor: "1",
        grossAreaM2: "40.5",
        usableAreaM2: "36",
        listRentMonthlyMinor: 800_000,
      },
      { caller: kit.hq },
    );
    const get = async (id: string) =>
      (await kit.assets.GetUnit({ siteId: kit.siteA, id }, { caller: kit.hq })).unit!;
    const same = ({
      id,
      code,
      createdAt,
      updatedAt,
      statusChangedAt,
      ...rest
    }: object & {
      id: string;
      code: string;
      createdAt: string;
      updatedAt: string;
      statusChangedAt: string;
    }) => rest;
    expect(same(await get(units[0]!.id))).toEqual(same(created!));
    expect(await get(units[1]!.id)).toMatchObject({
      buildingId: byCode.get("T2")!.id,
      grossAreaM2: "40.50",
      usableAreaM2: "40.50",
      status: "UNIT_STATUS_VACANT",
    });
    expect(await get(units[3]!.id)).toMatchObject({ buildingId: "", floor: "1" });
    const history = await kit.assets.ListUnitStatusHistory(
      { siteId: kit.siteA, id: units[0]!.id },
      { caller: kit.hq },
    );
    expect(history.changes).toMatchObject([
      { fromStatus: "UNIT_STATUS_UNSPECIFIED", toStatus: "UNIT_STATUS_VACANT", reason: "created" },
    ]);
    expect(history.changes[0]!.actor).toBe("usr_hq");

    // The events are written as CreateUnit writes them, held until the batch is released.
    await kit.barrier();
    const ids = new Set(units.map((u) => u.id));
    expect(kit.events.filter((e) => ids.has(e.data.unitId as string))).toEqual([]);
    const held = await kit.db.outboxMessage.findMany({
      where: { publishedAt: null, type: "assets.unit.created" },
    });
    expect(held.map((e) => (e.data as { unitId: string }).unitId).sort()).toEqual([...ids].sort());
    const normal = kit.events.find((e) => e.data.unitId === created!.id)!;
    const imported = held.find((e) => (e.data as { unitId: string }).unitId === units[0]!.id)!;
    expect(Object.keys(imported.data as object).sort()).toEqual(Object.keys(normal.data).sort());
    expect({ ...(imported.data as object), unitId: "", code: "" }).toEqual({
      ...normal.data,
      unitId: "",
      code: "",
    });
    expect(imported).toMatchObject({ version: 1, orgId: kit.hq.orgId, siteId: kit.siteA });
  });

  it("makes each unit in its row's status, in its created history entry and event", async () => {
    const statuses = [
      "UNIT_STATUS_MAINTENANCE",
      "UNIT_STATUS_INACTIVE",
      "UNIT_STATUS_RESERVED",
      "UNIT_STATUS_VACANT",
      "UNIT_STATUS_UNSPECIFIED",
    ] as const;
    const { units } = await importUnits(
      "b-status",
      statuses.map((status, i) => unitRow(5 + i, { status })),
    );
    const shown = await Promise.all(
      units.map(async (u) => {
        const [{ unit }, { changes }] = await Promise.all([
          kit.assets.GetUnit({ siteId: kit.siteA, id: u.id }, { caller: kit.hq }),
          kit.assets.ListUnitStatusHistory({ siteId: kit.siteA, id: u.id }, { caller: kit.hq }),
        ]);
        return [unit!.status, changes.map((c) => [c.fromStatus, c.toStatus, c.reason])];
      }),
    );
    const made = [...statuses.slice(0, 4), "UNIT_STATUS_VACANT"];
    expect(shown).toEqual(
      made.map((status) => [status, [["UNIT_STATUS_UNSPECIFIED", status, "created"]]]),
    );
    const held = await kit.db.outboxMessage.findMany({
      where: { publishedAt: null, type: "assets.unit.created" },
    });
    const statusOf = new Map(
      held.map((e) => {
        const data = e.data as { unitId: string; status: string };
        return [data.unitId, data.status];
      }),
    );
    expect(units.map((u) => statusOf.get(u.id))).toEqual([
      "maintenance",
      "inactive",
      "reserved",
      "vacant",
      "vacant",
    ]);
  });

  it("makes nothing twice when the same rows are sent again", async () => {
    const first = await importUnits("b-twice", [unitRow(10), unitRow(11)]);
    const held = await heldEvents(kit.db);
    const again = await importUnits("b-twice", [unitRow(10), unitRow(11), unitRow(12)]);
    expect(again.units.slice(0, 2)).toEqual(first.units);
    expect(await kit.db.unit.count({ where: { code: { in: ["U-10", "U-11", "U-12"] } } })).toBe(3);
    expect(await heldEvents(kit.db)).toBe(held + 1);
    expect(await importUnits("b-twice", [unitRow(12), unitRow(10)])).toEqual({
      units: [again.units[2], again.units[0]],
    });
  });

  it("names every bad field of every row and writes nothing", async () => {
    const before = await kit.db.unit.count();
    const error = await expectError(
      importUnits("b-bad", [
        unitRow(20, { code: "", kind: "UNIT_KIND_UNSPECIFIED" }),
        unitRow(21, { status: "UNIT_STATUS_LEASED" }),
        unitRow(22, { grossAreaM2: "0", listRentMonthlyMinor: -1 }),
        unitRow(23, { usableAreaM2: "50", name: " ", key: "" }),
        unitRow(24, { buildingCode: "bad code!" }),
      ]),
      "invalid",
      [
        "units.0.code",
        "units.0.kind",
        "units.1.status",
        "units.2.grossAreaM2",
        "units.2.listRentMonthlyMinor",
        "units.2.usableAreaM2",
        "units.3.usableAreaM2",
        "units.3.name",
        "units.3.key",
        "units.4.buildingCode",
      ],
    );
    expect(error.details.find((d) => d.field === "units.3.usableAreaM2")?.message).toBe(
      "must not exceed the gross area",
    );
    expect(error.details.find((d) => d.field === "units.1.status")?.message).toBe(
      "cannot be leased: the lease's hold leases the unit",
    );
    await expectError(
      importUnits("b-bad", [unitRow(25), unitRow(26, { key: "unit:U-25" })]),
      "invalid",
      ["units.1.key"],
    );
    await expectError(importUnits("", [unitRow(27)]), "invalid", ["batchId"]);
    expect(await kit.db.unit.count()).toBe(before);
    expect(await kit.db.importBatch.count({ where: { batchId: "b-bad" } })).toBe(0);
  });

  it("refuses codes taken at the site or repeated in the call, and writes nothing", async () => {
    await kit.assets.CreateUnit(
      {
        siteId: kit.siteA,
        code: "TAKEN-1",
        name: "Taken",
        kind: "UNIT_KIND_SHOP",
        grossAreaM2: "10",
        listRentMonthlyMinor: 1,
      },
      { caller: kit.hq },
    );
    const before = await kit.db.unit.count();
    const taken = await expectError(
      importUnits("b-conflict", [
        unitRow(30),
        unitRow(31, { code: "TAKEN-1", buildingCode: "NEW-B" }),
      ]),
      "conflict",
      ["units.1.code"],
    );
    expect(taken.details[0]!.message).toMatch(/^is taken by unt_/);
    await expectError(
      importUnits("b-conflict", [unitRow(32), unitRow(33, { code: "U-32" }), unitRow(34)]),
      "conflict",
      ["units.1.code"],
    );
    // A code made by another batch is taken too.
    await expectError(importUnits("b-conflict", [unitRow(10, { key: "k-10" })]), "conflict", [
      "units.0.code",
    ]);
    expect(await kit.db.unit.count()).toBe(before);
    expect(await kit.db.building.count({ where: { code: "NEW-B" } })).toBe(0);
    // The same code at another site is that site's own.
    await importUnits("b-conflict-b", [unitRow(31, { code: "TAKEN-1" })], kit.siteB);
  });

  it("refuses a code a concurrent CreateUnit takes between the check and the insert", async () => {
    let commit!: () => void;
    const committed = new Promise<void>((resolve) => {
      commit = resolve;
    });
    let inserted!: () => void;
    const insertedRow = new Promise<void>((resolve) => {
      inserted = resolve;
    });
    // A unit of code U-50 written and not committed: the import does not see it, then waits
    // on the unique index for it.
    const other = kit.db.$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe(
          `INSERT INTO units (id, org_id, site_id, code, name, kind, gross_area_m2, usable_area_m2,
                              list_rent_monthly_minor, updated_at)
           VALUES ('unt_race', $1, $2, 'U-50', 'Race', 'shop', 1, 1, 0, now())`,
          kit.hq.orgId,
          kit.siteA,
        );
        inserted();
        await committed;
      },
      { timeout: 30_000 },
    );
    await insertedRow;
    // Its refusal is awaited from the start: it may come while the racing transaction is still
    // being awaited below, and a rejection nobody awaits yet is an unhandled one.
    const refused = expectError(importUnits("b-race", [unitRow(49), unitRow(50)]), "conflict", [
      "units.1.code",
    ]);
    await waitFor(
      async () =>
        (
          await kit.db.$queryRawUnsafe<{ n: number }[]>(
            `SELECT count(*)::int AS n FROM pg_stat_activity
              WHERE wait_event_type = 'Lock' AND datname = current_database()`,
          )
        )[0]!.n > 0,
      { description: "the import waiting for the uncommitted unit" },
    );
    commit();
    await other;
    await refused;
    expect(await kit.db.unit.count({ where: { code: "U-49" } })).toBe(0);
  });

  it("keeps to the caller's sites and the batch's site", async () => {
    await expectError(
      kit.assets.ImportUnits(
        { siteId: kit.siteB, batchId: "b-scope", units: [unitRow(40)] },
        { caller: kit.clerkA },
      ),
      "not_found",
    );
    await kit.assets.ImportUnits(
      { siteId: kit.siteA, batchId: "b-scope", units: [unitRow(41)] },
      { caller: kit.clerkA },
    );
    await expectError(importUnits("b-scope", [unitRow(42)], kit.siteB), "conflict", ["batchId"]);
    expect(await kit.db.unit.count({ where: { code: { in: ["U-40", "U-42"] } } })).toBe(0);
  });

  it("imports 10,000 units in one call", async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) =>
      unitRow(100_000 + i, { buildingCode: `BIG-${i % 50}` }),
    );
    const started = performance.now();
    const { units } = await importUnits("b-big", rows);
    const ms = performance.now() - started;
    console.info(`ImportUnits: 10,000 units in ${Math.round(ms)} ms`);
    expect(units).toHaveLength(10_000);
    expect(
      await kit.db.unit.count({ where: { code: { startsWith: "U-1" }, siteId: kit.siteA } }),
    ).toBeGreaterThanOrEqual(10_000);
    expect(await kit.db.building.count({ where: { code: { startsWith: "BIG-" } } })).toBe(50);
    expect(await kit.db.importRow.count({ where: { batchId: "b-big", kind: "unit" } })).toBe(
      10_000,
    );
    expect(
      await kit.db.unitStatusChange.count({ where: { unitId: { in: units.map((u) => u.id) } } }),
    ).toBe(10_000);
  }, 120_000);
});
