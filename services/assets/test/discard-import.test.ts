import { addDays } from "@slms/primitives/civil-date";
import { todayIn } from "@slms/primitives/zoned";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, heldEvents, type ImportKit, startImportKit, unitRow } from "./import-kit.ts";

let kit: ImportKit;
const today = todayIn("Asia/Shanghai", new Date());

beforeAll(async () => {
  kit = await startImportKit("discard_import");
});
afterAll(async () => {
  await kit?.close();
});

const discard = (batchId: string, siteId = kit.siteA, caller = kit.hq) =>
  kit.assets.DiscardImport({ siteId, batchId }, { caller });
const importUnits = async (
  batchId: string,
  rows: ReturnType<typeof unitRow>[],
  siteId = kit.siteA,
) =>
  (await kit.assets.ImportUnits({ siteId, batchId, units: rows }, { caller: kit.hq })).units.map(
    (u) => u.id,
  );
const hold = (batchId: string, leaseId: string, unitIds: string[], siteId = kit.siteA) =>
  kit.assets.ImportUnitHolds(
    {
      siteId,
      batchId,
      holds: [{ key: leaseId, leaseId, unitIds, fromDate: today, toDate: addDays(today, 364) }],
    },
    { caller: kit.hq },
  );
const unit = async (id: string) =>
  (await kit.assets.GetUnit({ siteId: kit.siteA, id }, { caller: kit.hq })).unit!;

describe("DiscardImport", () => {
  it("removes what the batch made, puts statuses back, and no event is ever published", async () => {
    await kit.assets.CreateBuilding(
      { siteId: kit.siteA, code: "OLD", name: "Old" },
      { caller: kit.hq },
    );
    // Units of the site before the import: one vacant, one reserved.
    const [vacant, reserved] = await importUnits("d-before", [unitRow(1), unitRow(2)]);
    await kit.assets.ReleaseImport({ siteId: kit.siteA, batchId: "d-before" }, { caller: kit.hq });
    await kit.assets.ChangeUnitStatus(
      { siteId: kit.siteA, id: reserved!, status: "UNIT_STATUS_RESERVED", reason: "viewing" },
      { caller: kit.hq },
    );
    const before = await Promise.all([unit(vacant!), unit(reserved!)]);
    const history = await kit.db.unitStatusChange.count();

    const made = await importUnits("d-1", [
      unitRow(3, { buildingCode: "OLD" }),
      unitRow(4, { buildingCode: "NEW" }),
      unitRow(5, { buildingCode: "NEW" }),
    ]);
    await hold("d-1", "lea_d1", [made[0]!, vacant!]);
    await hold("d-1", "lea_d2", [reserved!]);
    expect((await unit(reserved!)).status).toBe("UNIT_STATUS_LEASED");
    const batchEvents = (
      await kit.db.outboxMessage.findMany({ where: { publishedAt: null }, select: { id: true } })
    ).map((e) => e.id);
    expect(batchEvents).toHaveLength(3 + 3);

    expect(await discard("d-1")).toEqual({ state: "discarded" });
    expect(await kit.db.unit.count({ where: { id: { in: made } } })).toBe(0);
    expect(await kit.db.unitHold.count({ where: { leaseId: { in: ["lea_d1", "lea_d2"] } } })).toBe(
      0,
    );
    expect((await kit.db.building.findMany({ select: { code: true } })).map((b) => b.code)).toEqual(
      ["OLD"],
    );
    expect(await Promise.all([unit(vacant!), unit(reserved!)])).toEqual(
      before.map(({ updatedAt, ...rest }) => ({ ...rest, updatedAt: expect.any(String) })),
    );
    expect(await kit.db.unitStatusChange.count()).toBe(history);
    expect(await heldEvents(kit.db)).toBe(0);
    await kit.barrier();
    expect(kit.events.filter((e) => batchEvents.includes(e.id))).toEqual([]);
    expect(await kit.db.outboxMessage.count({ where: { id: { in: batchEvents } } })).toBe(0);

    // Again: nothing more. Late rows and a release are refused.
    expect(await discard("d-1")).toEqual({ state: "discarded" });
    await expectError(importUnits("d-1", [unitRow(6)]), "conflict", ["batchId"]);
    await expectError(
      kit.assets.ReleaseImport({ siteId: kit.siteA, batchId: "d-1" }, { caller: kit.hq }),
      "conflict",
      ["batchId"],
    );
    // The codes are free again.
    await importUnits("d-again", [unitRow(3), unitRow(4)]);
  });

  it("refuses a released batch and keeps its objects", async () => {
    const made = await importUnits("d-released", [unitRow(10)]);
    await kit.assets.ReleaseImport(
      { siteId: kit.siteA, batchId: "d-released" },
      { caller: kit.hq },
    );
    await expectError(discard("d-released"), "conflict", ["batchId"]);
    expect(await kit.db.unit.count({ where: { id: { in: made } } })).toBe(1);
  });

  it("records a batch never heard of discarded, so its rows arriving late are refused", async () => {
    expect(await discard("d-early")).toEqual({ state: "discarded" });
    await expectError(importUnits("d-early", [unitRow(20)]), "conflict", ["batchId"]);
    expect(await kit.db.unit.count({ where: { code: "U-20" } })).toBe(0);
  });

  it("keeps to the caller's sites and the batch's site", async () => {
    const made = await importUnits("d-b", [unitRow(30)], kit.siteB);
    await expectError(discard("d-b", kit.siteB, kit.clerkA), "not_found");
    await expectError(discard("d-b", kit.siteA), "conflict", ["batchId"]);
    expect(await kit.db.unit.count({ where: { id: { in: made } } })).toBe(1);
    expect(await discard("d-b", kit.siteB)).toEqual({ state: "discarded" });
    expect(await kit.db.unit.count({ where: { id: { in: made } } })).toBe(0);
  });

  it("discards 10,000 units and their holds", async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) =>
      unitRow(100_000 + i, { buildingCode: `BIG-${i % 50}` }),
    );
    const held = await heldEvents(kit.db);
    const units = await importUnits("d-big", rows);
    await kit.assets.ImportUnitHolds(
      {
        siteId: kit.siteA,
        batchId: "d-big",
        holds: units.map((id, i) => ({
          key: `lease:${i}`,
          leaseId: `lea_big_${i}`,
          unitIds: [id],
          fromDate: today,
          toDate: addDays(today, 364),
        })),
      },
      { caller: kit.hq },
    );
    const started = performance.now();
    expect(await discard("d-big")).toEqual({ state: "discarded" });
    console.info(
      `DiscardImport: 10,000 units and holds in ${Math.round(performance.now() - started)} ms`,
    );
    expect(await kit.db.unit.count({ where: { id: { in: units } } })).toBe(0);
    expect(await kit.db.unitHold.count({ where: { leaseId: { startsWith: "lea_big_" } } })).toBe(0);
    expect(await kit.db.building.count({ where: { code: { startsWith: "BIG-" } } })).toBe(0);
    expect(await heldEvents(kit.db)).toBe(held);
  }, 120_000);
});
