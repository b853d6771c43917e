import { addDays } from "@slms/primitives/civil-date";
import { todayIn } from "@slms/primitives/zoned";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, heldEvents, type ImportKit, startImportKit, unitRow } from "./import-kit.ts";

let kit: ImportKit;
let seq = 0;
const today = todayIn("Asia/Shanghai", new Date());
const yearFrom = (from: string) => ({ fromDate: from, toDate: addDays(from, 364) });

beforeAll(async () => {
  kit = await startImportKit("import_holds");
});
afterAll(async () => {
  await kit?.close();
});

type HoldRow = {
  key: string;
  leaseId: string;
  unitIds: string[];
  fromDate: string;
  toDate: string;
};
const holdRow = (leaseId: string, unitIds: string[], from = today): HoldRow => ({
  key: `lease:${leaseId}`,
  leaseId,
  unitIds,
  ...yearFrom(from),
});
const importHolds = (batchId: string, holds: HoldRow[], siteId = kit.siteA) =>
  kit.assets.ImportUnitHolds({ siteId, batchId, holds }, { caller: kit.hq });

/** Units made by an import batch (ids in order). */
const newUnits = async (batchId: string, count: number, siteId = kit.siteA) =>
  (
    await kit.assets.ImportUnits(
      {
        siteId,
        batchId,
        units: Array.from({ length: count }, () => unitRow(++seq)),
      },
      { caller: kit.hq },
    )
  ).units.map((u) => u.id);

const unit = async (id: string, siteId = kit.siteA) =>
  (await kit.assets.GetUnit({ siteId, id }, { caller: kit.hq })).unit!;
const setStatus = (
  id: string,
  status: "UNIT_STATUS_RESERVED" | "UNIT_STATUS_MAINTENANCE" | "UNIT_STATUS_INACTIVE",
) =>
  kit.assets.ChangeUnitStatus(
    { siteId: kit.siteA, id, status, reason: "test" },
    { caller: kit.hq },
  );

describe("ImportUnitHolds", () => {
  it("holds units as HoldUnits does: held today leased, with history; events held", async () => {
    const [a, b, c] = await newUnits("h-valid", 3);
    const [reserved, maintenance] = await newUnits("h-valid-other", 2);
    await setStatus(reserved!, "UNIT_STATUS_RESERVED");
    await setStatus(maintenance!, "UNIT_STATUS_MAINTENANCE");
    const held = await heldEvents(kit.db);

    const { holds } = await importHolds("h-valid", [
      holdRow("lea_v1", [a!, b!], addDays(today, -30)),
      holdRow("lea_v2", [c!], addDays(today, 10)),
      holdRow("lea_v3", [reserved!, maintenance!]),
    ]);
    expect(holds).toEqual([
      { key: "lease:lea_v1", id: "lea_v1" },
      { key: "lease:lea_v2", id: "lea_v2" },
      { key: "lease:lea_v3", id: "lea_v3" },
    ]);
    const listed = await kit.assets.ListUnitHolds(
      { siteId: kit.siteA, unitId: a! },
      { caller: kit.hq },
    );
    expect(listed.holds).toMatchObject([
      { unitId: a, siteId: kit.siteA, leaseId: "lea_v1", ...yearFrom(addDays(today, -30)) },
    ]);
    expect(listed.holds[0]!.id).toMatch(/^hld_/);
    expect((await unit(a!)).status).toBe("UNIT_STATUS_LEASED");
    expect((await unit(b!)).status).toBe("UNIT_STATUS_LEASED");
    expect((await unit(c!)).status).toBe("UNIT_STATUS_VACANT");
    expect((await unit(reserved!)).status).toBe("UNIT_STATUS_LEASED");
    expect((await unit(maintenance!)).status).toBe("UNIT_STATUS_MAINTENANCE");
    const history = await kit.assets.ListUnitStatusHistory(
      { siteId: kit.siteA, id: reserved! },
      { caller: kit.hq },
    );
    expect(history.changes[0]).toMatchObject({
      fromStatus: "UNIT_STATUS_RESERVED",
      toStatus: "UNIT_STATUS_LEASED",
      reason: `lease lea_v3 from ${today}`,
      actor: "usr_hq",
    });

    // One held status_changed event per unit leased, shaped as HoldUnits writes it.
    await kit.barrier();
    expect(kit.events.filter((e) => String(e.data.reason).startsWith("lease lea_v"))).toEqual([]);
    expect(await heldEvents(kit.db)).toBe(held + 3);
    const events = await kit.db.outboxMessage.findMany({
      where: { type: "assets.unit.status_changed", publishedAt: null },
    });
    expect(events.map((e) => e.data)).toContainEqual({
      unitId: reserved,
      siteId: kit.siteA,
      kind: "shop",
      from: "reserved",
      to: "leased",
      reason: `lease lea_v3 from ${today}`,
      changedAt: (await unit(reserved!)).statusChangedAt,
    });
  });

  it("makes nothing twice when the same rows are sent again", async () => {
    const [a, b] = await newUnits("h-twice", 2);
    const first = await importHolds("h-twice", [holdRow("lea_t1", [a!])]);
    const held = await heldEvents(kit.db);
    const again = await importHolds("h-twice", [holdRow("lea_t1", [a!]), holdRow("lea_t2", [b!])]);
    expect(again.holds).toEqual([...first.holds, { key: "lease:lea_t2", id: "lea_t2" }]);
    expect(await kit.db.unitHold.count({ where: { leaseId: { in: ["lea_t1", "lea_t2"] } } })).toBe(
      2,
    );
    expect(await kit.db.unitStatusChange.count({ where: { unitId: a!, toStatus: "leased" } })).toBe(
      1,
    );
    expect(await heldEvents(kit.db)).toBe(held + 1);
  });

  it("names every bad field of every row and writes nothing", async () => {
    const [a] = await newUnits("h-bad", 1);
    const [elsewhere] = await newUnits("h-bad-b", 1, kit.siteB);
    const holds = await kit.db.unitHold.count();
    await expectError(
      importHolds("h-bad", [
        { ...holdRow("", [a!]), fromDate: "2026-02-30" },
        { ...holdRow("lea_b2", []), key: "" },
        { ...holdRow("lea_b3", [a!, a!]), toDate: addDays(today, -1) },
      ]),
      "invalid",
      [
        "holds.0.leaseId",
        "holds.0.fromDate",
        "holds.1.key",
        "holds.1.unitIds",
        "holds.2.unitIds",
        "holds.2.toDate",
      ],
    );
    await expectError(
      importHolds("h-bad", [
        holdRow("lea_b4", [a!]),
        { ...holdRow("lea_b5", [a!]), key: "lease:lea_b4" },
      ]),
      "invalid",
      ["holds.1.key"],
    );
    await expectError(
      importHolds("h-bad", [holdRow("lea_b6", [a!, elsewhere!, "unt_nope"])]),
      "invalid",
      ["holds.0.unitIds.1", "holds.0.unitIds.2"],
    );
    expect(await kit.db.unitHold.count()).toBe(holds);
    expect((await unit(a!)).status).toBe("UNIT_STATUS_VACANT");
  });

  it("refuses overlapping holds, leases holding units, repeated leases and inactive units", async () => {
    const [a, b, c, d] = await newUnits("h-conflict", 4);
    await kit.assets.HoldUnits(
      { siteId: kit.siteA, leaseId: "lea_normal", unitIds: [a!], ...yearFrom(addDays(today, 100)) },
      { caller: kit.hq },
    );
    await setStatus(d!, "UNIT_STATUS_INACTIVE");
    const holds = await kit.db.unitHold.count();
    const error = await expectError(
      importHolds("h-conflict", [
        holdRow("lea_c1", [b!, a!]),
        holdRow("lea_normal", [c!], addDays(today, 600)),
        holdRow("lea_c3", [c!, b!], addDays(today, 200)),
        holdRow("lea_c4", [d!], addDays(today, 500)),
      ]),
      "conflict",
      ["holds.0.unitIds.1", "holds.1.leaseId", "holds.2.unitIds.1", "holds.3.unitIds.0"],
    );
    expect(error.details.map((d) => d.message)).toEqual(
      expect.arrayContaining([
        `held by lease lea_normal from ${addDays(today, 100)} to ${addDays(today, 464)}`,
        `held by holds.0 from ${today} to ${addDays(today, 364)}`,
        "is inactive",
      ]),
    );
    await expectError(
      importHolds(
        "h-conflict",
        [holdRow("lea_c5", [b!]), holdRow("lea_c5", [c!], addDays(today, 400))].map((h, i) => ({
          ...h,
          key: `k${i}`,
        })),
      ),
      "conflict",
      ["holds.1.leaseId"],
    );
    expect(await kit.db.unitHold.count()).toBe(holds);
    expect((await unit(b!)).status).toBe("UNIT_STATUS_VACANT");
  });

  it("races HoldUnits for a unit: exactly one wins", async () => {
    const [a] = await newUnits("h-race", 1);
    const results = await Promise.allSettled([
      importHolds("h-race", [holdRow("lea_r1", [a!])]),
      kit.assets.HoldUnits(
        { siteId: kit.siteA, leaseId: "lea_r2", unitIds: [a!], ...yearFrom(addDays(today, 30)) },
        { caller: kit.hq },
      ),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await kit.db.unitHold.count({ where: { unitId: a! } })).toBe(1);
  });

  it("keeps to the caller's sites", async () => {
    const [a] = await newUnits("h-scope", 1);
    await expectError(
      kit.assets.ImportUnitHolds(
        { siteId: kit.siteB, batchId: "h-scope", holds: [holdRow("lea_s1", [a!])] },
        { caller: kit.clerkA },
      ),
      "not_found",
    );
    // Site A's unit named at site B is not a unit of that site.
    await expectError(importHolds("h-scope-b", [holdRow("lea_s1", [a!])], kit.siteB), "invalid", [
      "holds.0.unitIds.0",
    ]);
  });

  it("holds 10,000 leases' units in one call", async () => {
    const units = await newUnits("h-big", 10_000);
    const rows = units.map((id, i) =>
      holdRow(`lea_big_${i}`, [id], addDays(today, i % 2 ? 0 : 30)),
    );
    const started = performance.now();
    const { holds } = await importHolds("h-big", rows);
    const ms = performance.now() - started;
    console.info(`ImportUnitHolds: 10,000 leases (5,000 leased today) in ${Math.round(ms)} ms`);
    expect(holds).toHaveLength(10_000);
    expect(await kit.db.unitHold.count({ where: { leaseId: { startsWith: "lea_big_" } } })).toBe(
      10_000,
    );
    expect(await kit.db.unit.count({ where: { id: { in: units }, status: "leased" } })).toBe(5_000);
  }, 120_000);
});
