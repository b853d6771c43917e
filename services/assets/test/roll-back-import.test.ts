import type { ImportRolledBackV1 } from "@slms/contracts";
import { addDays } from "@slms/primitives/civil-date";
import { todayIn } from "@slms/primitives/zoned";
import { waitFor } from "@slms/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, heldEvents, type ImportKit, startImportKit, unitRow } from "./import-kit.ts";

let kit: ImportKit;
const today = todayIn("Asia/Shanghai", new Date());

beforeAll(async () => {
  kit = await startImportKit("roll_back_import");
});
afterAll(async () => {
  await kit?.close();
});

const rollBack = (
  batchId: string,
  { checkOnly = false, siteId = kit.siteA, caller = kit.hq } = {},
) => kit.assets.RollBackImport({ siteId, batchId, checkOnly }, { caller });
const release = (batchId: string, siteId = kit.siteA) =>
  kit.assets.ReleaseImport({ siteId, batchId }, { caller: kit.hq });
const importUnits = async (
  batchId: string,
  rows: ReturnType<typeof unitRow>[],
  siteId = kit.siteA,
) =>
  (await kit.assets.ImportUnits({ siteId, batchId, units: rows }, { caller: kit.hq })).units.map(
    (u) => u.id,
  );
/** Holds units for a lease in the batch: from `from` days after today, for a year. */
const importHold = (batchId: string, leaseId: string, unitIds: string[], from = 0) =>
  kit.assets.ImportUnitHolds(
    {
      siteId: kit.siteA,
      batchId,
      holds: [
        {
          key: leaseId,
          leaseId,
          unitIds,
          fromDate: addDays(today, from),
          toDate: addDays(today, from + 364),
        },
      ],
    },
    { caller: kit.hq },
  );
/** A unit of site A made the normal way (not by an import). */
const createUnit = async (code: string, buildingId = "") =>
  (
    await kit.assets.CreateUnit(
      {
        siteId: kit.siteA,
        buildingId,
        code,
        name: code,
        kind: "UNIT_KIND_SHOP",
        grossAreaM2: "20",
        listRentMonthlyMinor: 300_000,
      },
      { caller: kit.hq },
    )
  ).unit!.id;
const unit = async (id: string) =>
  (await kit.assets.GetUnit({ siteId: kit.siteA, id }, { caller: kit.hq })).unit!;
const units = (ids: string[]) => kit.db.unit.count({ where: { id: { in: ids } } });
const holdsOf = (leaseIds: string[]) =>
  kit.db.unitHold.count({ where: { leaseId: { in: leaseIds } } });

/** Imports unit U-<n> in the batch, held today for `lea_<batch>`, and releases the batch. */
async function heldUnit(batchId: string, n: number) {
  const [id] = await importUnits(batchId, [unitRow(n)]);
  await importHold(batchId, `lea_${batchId}`, [id!]);
  await release(batchId);
  return id!;
}

/** Asserts the rollback of the batch is refused, naming `batchId` and saying `what`. */
async function expectRefused(batchId: string, what: string) {
  const checked = await expectError(rollBack(batchId, { checkOnly: true }), "conflict", [
    "batchId",
  ]);
  expect(checked.details[0]!.message).toContain(what);
  const refused = await expectError(rollBack(batchId), "conflict", ["batchId"]);
  expect(refused.message).toContain(what);
  const [batch] = await kit.db.$queryRawUnsafe<{ state: string }[]>(
    `SELECT state FROM import_batches WHERE batch_id = $1`,
    batchId,
  );
  expect(batch!.state).toBe("released");
}

describe("RollBackImport", () => {
  it("removes what the batch made, puts statuses back and announces both", async () => {
    const { building: old } = await kit.assets.CreateBuilding(
      { siteId: kit.siteA, code: "OLD", name: "Old" },
      { caller: kit.hq },
    );
    // Units of the site before the import: one vacant, one reserved, one held later on.
    const vacant = await createUnit("P-1");
    const reserved = await createUnit("P-2");
    const later = await createUnit("P-3");
    await kit.assets.ChangeUnitStatus(
      { siteId: kit.siteA, id: reserved, status: "UNIT_STATUS_RESERVED", reason: "viewing" },
      { caller: kit.hq },
    );
    const before = await Promise.all([unit(vacant), unit(reserved), unit(later)]);
    const history = await kit.db.unitStatusChange.count({
      where: { unitId: { in: [vacant, reserved, later] } },
    });

    const made = await importUnits("rb-1", [
      unitRow(1, { buildingCode: "OLD" }),
      unitRow(2, { buildingCode: "NEW" }),
      unitRow(3, { buildingCode: "NEW" }),
    ]);
    await importHold("rb-1", "lea_rb1", [made[0]!, vacant]);
    await importHold("rb-1", "lea_rb2", [reserved]);
    await importHold("rb-1", "lea_rb3", [later, made[1]!], 30);
    const batchEvents = (
      await kit.db.$queryRawUnsafe<{ id: string }[]>(
        `SELECT id::text AS id FROM outbox_messages
          WHERE published_at IS NULL AND claimed_until = 'infinity' ORDER BY id`,
      )
    ).map((e) => e.id);
    expect(batchEvents).toHaveLength(3 + 3);
    expect(await release("rb-1")).toEqual({ state: "released" });
    const [released] = await kit.db.$queryRawUnsafe<{ at: Date }[]>(
      `SELECT updated_at AS at FROM import_batches WHERE batch_id = 'rb-1'`,
    );
    await waitFor(() => kit.events.filter((e) => batchEvents.includes(e.id)).length === 6, {
      description: "the batch's events heard",
    });
    const buildingNew = (await kit.db.building.findFirstOrThrow({ where: { code: "NEW" } })).id;
    const changes = (
      await kit.db.unitStatusChange.findMany({
        where: { reason: { startsWith: "lease lea_rb" } },
        select: { id: true },
      })
    ).map((c) => String(c.id));
    expect(changes).toHaveLength(3);

    // Only checked: nothing removed.
    expect(await rollBack("rb-1", { checkOnly: true })).toEqual({ state: "released" });
    expect(await units(made)).toBe(3);
    expect((await unit(vacant)).status).toBe("UNIT_STATUS_LEASED");

    expect(await rollBack("rb-1")).toEqual({ state: "rolled_back" });
    expect(await units(made)).toBe(0);
    expect(await holdsOf(["lea_rb1", "lea_rb2", "lea_rb3"])).toBe(0);
    expect(
      (await kit.db.building.findMany({ where: { siteId: kit.siteA }, select: { code: true } }))
        .map((b) => b.code)
        .sort(),
    ).toEqual(["OLD"]);
    const after = await Promise.all([unit(vacant), unit(reserved), unit(later)]);
    expect(after.map((u) => u.status)).toEqual(before.map((u) => u.status));
    // The import's status changes were heard: their undoing is a change of its own.
    const entries = await kit.db.unitStatusChange.findMany({
      where: { unitId: { in: [vacant, reserved, later] } },
      orderBy: { id: "asc" },
    });
    expect(entries).toHaveLength(history + 2 + 2);
    expect(entries.slice(-2).map((e) => [e.unitId, e.fromStatus, e.toStatus, e.reason])).toEqual(
      [
        [vacant, "leased", "vacant", "import rb-1 rolled back"],
        [reserved, "leased", "reserved", "import rb-1 rolled back"],
      ].sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );

    // The normal status events, published (not held), and the rollback announced.
    const statusEvents = await kit.db.outboxMessage.findMany({
      where: {
        type: "assets.unit.status_changed",
        data: { path: ["reason"], equals: "import rb-1 rolled back" },
      },
    });
    expect(
      statusEvents
        .map((e) => e.data)
        .sort((a, b) =>
          String((a as { unitId: string }).unitId).localeCompare(
            String((b as { unitId: string }).unitId),
          ),
        ),
    ).toEqual(
      [
        {
          unitId: vacant,
          siteId: kit.siteA,
          kind: "shop",
          from: "leased",
          to: "vacant",
          reason: "import rb-1 rolled back",
          changedAt: after[0]!.statusChangedAt,
        },
        {
          unitId: reserved,
          siteId: kit.siteA,
          kind: "shop",
          from: "leased",
          to: "reserved",
          reason: "import rb-1 rolled back",
          changedAt: after[1]!.statusChangedAt,
        },
      ].sort((a, b) => a.unitId.localeCompare(b.unitId)),
    );
    // One part: every object and the batch's events.
    const rolledBack = await kit.db.outboxMessage.findMany({
      where: { type: "assets.import.rolled_back" },
      orderBy: { seq: "asc" },
    });
    for (const event of rolledBack)
      expect(event).toMatchObject({ siteId: kit.siteA, orgId: kit.hq.orgId, actor: "usr_hq" });
    const parts = rolledBack.map((e) => e.data as unknown as ImportRolledBackV1);
    expect(parts.map((p) => [p.batchId, p.siteId, p.part, p.parts])).toEqual([
      ["rb-1", kit.siteA, 1, 1],
    ]);
    const objects: Record<string, string[]> = {};
    for (const p of parts)
      for (const [kind, ids] of Object.entries(p.objects)) objects[kind] = [...ids].sort();
    expect(objects).toEqual({
      building: [buildingNew],
      hold: ["lea_rb1", "lea_rb2", "lea_rb3"],
      unit: [...made].sort(),
      unit_status_change: [...changes].sort(),
    });
    expect(parts.flatMap((p) => p.eventIds).sort()).toEqual([...batchEvents].sort());
    // When the batch went out, and what was put back: what reporting corrects its past days by.
    expect(parts.map((p) => p.releasedAt)).toEqual([released!.at.toISOString()]);
    expect(parts.flatMap((p) => p.unitsPutBack ?? [])).toEqual(
      [
        { unitId: vacant, from: "leased", to: "vacant" },
        { unitId: reserved, from: "leased", to: "reserved" },
      ].sort((a, b) => a.unitId.localeCompare(b.unitId)),
    );
    expect(await heldEvents(kit.db)).toBe(0);
    const announced = [...statusEvents, ...rolledBack].map((e) => e.id);
    await waitFor(() => kit.events.filter((e) => announced.includes(e.id)).length === 2 + 1, {
      description: "the rollback's events published",
    });

    // Again: nothing more. The batch takes no rows and cannot be released or discarded.
    expect(await rollBack("rb-1")).toEqual({ state: "rolled_back" });
    expect(await rollBack("rb-1", { checkOnly: true })).toEqual({ state: "rolled_back" });
    expect(await kit.db.outboxMessage.count({ where: { type: "assets.import.rolled_back" } })).toBe(
      1,
    );
    await expectError(importUnits("rb-1", [unitRow(4)]), "conflict", ["batchId"]);
    await expectError(release("rb-1"), "conflict", ["batchId"]);
    await expectError(
      kit.assets.DiscardImport({ siteId: kit.siteA, batchId: "rb-1" }, { caller: kit.hq }),
      "conflict",
      ["batchId"],
    );
    // The codes are free again, and the units can be held for another lease.
    await importUnits("rb-again", [unitRow(1, { buildingCode: old!.code })]);
    await kit.assets.HoldUnits(
      {
        siteId: kit.siteA,
        leaseId: "lea_rb_next",
        unitIds: [vacant],
        fromDate: today,
        toDate: today,
      },
      { caller: kit.hq },
    );
  });

  it("refuses when a unit the batch made was edited since", async () => {
    const id = await heldUnit("rb-edit", 10);
    await kit.assets.UpdateUnit({ siteId: kit.siteA, id, name: "Renamed" }, { caller: kit.hq });
    await expectRefused("rb-edit", "unit U-10 was edited since the import");
    expect(await units([id])).toBe(1);
    expect(await holdsOf(["lea_rb-edit"])).toBe(1);
  });

  it("refuses when the status of a unit the batch made changed since", async () => {
    const [id] = await importUnits("rb-status", [unitRow(11)]);
    await release("rb-status");
    await kit.assets.ChangeUnitStatus(
      { siteId: kit.siteA, id: id!, status: "UNIT_STATUS_MAINTENANCE", reason: "leak" },
      { caller: kit.hq },
    );
    await expectRefused("rb-status", "unit U-11 went from vacant to maintenance since the import");
    expect(await units([id!])).toBe(1);
  });

  it("rolls back a unit imported under maintenance and still so, not one set vacant since", async () => {
    const [kept] = await importUnits("rb-maint", [
      unitRow(18, { status: "UNIT_STATUS_MAINTENANCE" }),
    ]);
    await release("rb-maint");
    expect(await rollBack("rb-maint", { checkOnly: true })).toEqual({ state: "released" });
    expect(await rollBack("rb-maint")).toEqual({ state: "rolled_back" });
    expect(await units([kept!])).toBe(0);

    const [repaired] = await importUnits("rb-repaired", [
      unitRow(19, { status: "UNIT_STATUS_MAINTENANCE" }),
    ]);
    await release("rb-repaired");
    await kit.assets.ChangeUnitStatus(
      { siteId: kit.siteA, id: repaired!, status: "UNIT_STATUS_VACANT", reason: "repaired" },
      { caller: kit.hq },
    );
    await expectRefused(
      "rb-repaired",
      "unit U-19 went from maintenance to vacant since the import",
    );
    expect(await units([repaired!])).toBe(1);
  });

  it("refuses when a unit the batch made is held for another lease", async () => {
    const [id] = await importUnits("rb-other", [unitRow(12)]);
    await release("rb-other");
    await kit.assets.HoldUnits(
      {
        siteId: kit.siteA,
        leaseId: "lea_not_of_batch",
        unitIds: [id!],
        fromDate: addDays(today, 10),
        toDate: addDays(today, 20),
      },
      { caller: kit.hq },
    );
    await expectRefused(
      "rb-other",
      "unit U-12 is held for lease lea_not_of_batch, not of the import",
    );
    expect(await units([id!])).toBe(1);
  });

  it("refuses when a unit the batch held, made before it, is held for another lease since", async () => {
    const old = await createUnit("P-20");
    await importHold("rb-old-held", "lea_rb_old", [old]);
    await release("rb-old-held");
    await kit.assets.HoldUnits(
      {
        siteId: kit.siteA,
        leaseId: "lea_next_tenant",
        unitIds: [old],
        fromDate: addDays(today, 400),
        toDate: addDays(today, 500),
      },
      { caller: kit.hq },
    );
    await expectRefused("rb-old-held", "unit P-20 is held for lease lea_next_tenant");
    expect(await holdsOf(["lea_rb_old"])).toBe(1);
    expect((await unit(old)).status).toBe("UNIT_STATUS_LEASED");
  });

  it("rolls back when a unit it held had a hold of another lease before the import", async () => {
    const old = await createUnit("P-21");
    await kit.assets.HoldUnits(
      {
        siteId: kit.siteA,
        leaseId: "lea_earlier",
        unitIds: [old],
        fromDate: addDays(today, -400),
        toDate: addDays(today, -1),
      },
      { caller: kit.hq },
    );
    await importHold("rb-old-earlier", "lea_rb_earlier", [old]);
    await release("rb-old-earlier");
    expect(await rollBack("rb-old-earlier")).toEqual({ state: "rolled_back" });
    expect(await holdsOf(["lea_rb_earlier"])).toBe(0);
    expect(await holdsOf(["lea_earlier"])).toBe(1);
    expect((await unit(old)).status).toBe("UNIT_STATUS_VACANT");
  });

  it("refuses when a hold of the batch was released since (a termination)", async () => {
    const old = await createUnit("P-24");
    const [id] = await importUnits("rb-terminated", [unitRow(13)]);
    await importHold("rb-terminated", "lea_rb_terminated", [id!, old]);
    await release("rb-terminated");
    await kit.assets.ReleaseUnits(
      { siteId: kit.siteA, leaseId: "lea_rb_terminated", releaseFrom: today },
      { caller: kit.hq },
    );
    await expectRefused("rb-terminated", "the units of lease lea_rb_terminated were released");
    // The statuses its hold set, on a unit it made and on one made before, changed again.
    const refused = await expectError(rollBack("rb-terminated"), "conflict", ["batchId"]);
    expect(refused.message).toBe(
      "the import cannot be rolled back: unit P-24 went from leased to vacant since the import; " +
        "unit U-13 went from leased to vacant since the import; " +
        "the units of lease lea_rb_terminated were released since the import",
    );
    expect(await units([id!])).toBe(1);
    expect(await kit.db.unitStatusChange.count({ where: { unitId: old } })).toBe(3);
  });

  it("refuses when a hold of the batch was ended early since", async () => {
    const id = await heldUnit("rb-ended", 14);
    await kit.assets.ReleaseUnits(
      { siteId: kit.siteA, leaseId: "lea_rb-ended", releaseFrom: addDays(today, 30) },
      { caller: kit.hq },
    );
    await expectRefused(
      "rb-ended",
      `the hold of lease lea_rb-ended was ended on ${addDays(today, 29)} since the import`,
    );
    expect(await units([id])).toBe(1);
    expect((await unit(id)).status).toBe("UNIT_STATUS_LEASED");
  });

  it("refuses when a hold of the batch was released and made again since", async () => {
    const [id] = await importUnits("rb-again-held", [unitRow(15)]);
    await importHold("rb-again-held", "lea_rb_again", [id!], 10);
    await release("rb-again-held");
    const hold = {
      siteId: kit.siteA,
      leaseId: "lea_rb_again",
      unitIds: [id!],
      fromDate: addDays(today, 10),
      toDate: addDays(today, 374),
    };
    await kit.assets.ReleaseUnits(
      { siteId: kit.siteA, leaseId: "lea_rb_again", releaseFrom: addDays(today, 10) },
      { caller: kit.hq },
    );
    await kit.assets.HoldUnits(hold, { caller: kit.hq });
    await expectRefused(
      "rb-again-held",
      "the units of lease lea_rb_again were released and held again since the import",
    );
    expect(await units([id!])).toBe(1);
  });

  it("refuses when the status of a unit the batch held, made before it, changed since", async () => {
    const old = await createUnit("P-22");
    await importHold("rb-old-status", "lea_rb_old_status", [old], 5);
    await release("rb-old-status");
    // The hold starts later: the unit's status is still its own, and is changed since.
    await kit.assets.ChangeUnitStatus(
      { siteId: kit.siteA, id: old, status: "UNIT_STATUS_RESERVED", reason: "viewing" },
      { caller: kit.hq },
    );
    await expectRefused("rb-old-status", "unit P-22 went from vacant to reserved since the import");
    expect(await holdsOf(["lea_rb_old_status"])).toBe(1);
  });

  it("refuses when a building the batch made has a unit not of the batch", async () => {
    const [id] = await importUnits("rb-building", [unitRow(16, { buildingCode: "RB-B" })]);
    await release("rb-building");
    const building = await kit.db.building.findFirstOrThrow({ where: { code: "RB-B" } });
    await createUnit("P-23", building.id);
    await expectRefused("rb-building", "building RB-B has unit P-23, not of the import");
    expect(await units([id!])).toBe(1);
    expect(await kit.db.building.count({ where: { id: building.id } })).toBe(1);
  });

  it("names at most five things and says there are more", async () => {
    const ids = await importUnits(
      "rb-many",
      Array.from({ length: 7 }, (_, i) => unitRow(30 + i)),
    );
    await release("rb-many");
    for (const id of ids)
      await kit.assets.UpdateUnit({ siteId: kit.siteA, id, floor: "9" }, { caller: kit.hq });
    const refused = await expectError(rollBack("rb-many"), "conflict", ["batchId"]);
    expect(refused.message).toBe(
      `the import cannot be rolled back: ${[30, 31, 32, 33, 34]
        .map((n) => `unit U-${n} was edited since the import`)
        .join("; ")}; and more`,
    );
  });

  it("refuses a batch not released, and a discarded one", async () => {
    const [id] = await importUnits("rb-held", [unitRow(40)]);
    await expectError(rollBack("rb-held"), "conflict", ["batchId"]);
    await expectError(rollBack("rb-held", { checkOnly: true }), "conflict", ["batchId"]);
    expect(await units([id!])).toBe(1);
    await kit.assets.DiscardImport({ siteId: kit.siteA, batchId: "rb-held" }, { caller: kit.hq });
    await expectError(rollBack("rb-held"), "conflict", ["batchId"]);
  });

  it("answers unknown for a batch never heard of, and checks its input", async () => {
    expect(await rollBack("rb-never")).toEqual({ state: "unknown" });
    expect(await rollBack("rb-never", { checkOnly: true })).toEqual({ state: "unknown" });
    await expectError(rollBack(" "), "invalid", ["batchId"]);
    await expectError(rollBack("x".repeat(101)), "invalid", ["batchId"]);
  });

  it("keeps to the caller's sites and the batch's site", async () => {
    const [id] = await importUnits("rb-b", [unitRow(50)], kit.siteB);
    await release("rb-b", kit.siteB);
    await expectError(rollBack("rb-b", { siteId: kit.siteB, caller: kit.clerkA }), "not_found");
    await expectError(
      rollBack("rb-b", { siteId: kit.siteB, caller: { ...kit.hq, orgId: "org_other" } }),
      "not_found",
    );
    await expectError(rollBack("rb-b", { siteId: kit.siteA }), "conflict", ["batchId"]);
    expect(await units([id!])).toBe(1);
    expect(await rollBack("rb-b", { siteId: kit.siteB })).toEqual({ state: "rolled_back" });
    expect(await units([id!])).toBe(0);
  });
});
