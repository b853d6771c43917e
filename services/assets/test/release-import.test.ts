import { todayIn } from "@slms/primitives/zoned";
import { waitFor } from "@slms/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, heldEvents, type ImportKit, startImportKit, unitRow } from "./import-kit.ts";

let kit: ImportKit;
const today = todayIn("Asia/Shanghai", new Date());

beforeAll(async () => {
  kit = await startImportKit("release_import");
});
afterAll(async () => {
  await kit?.close();
});

const release = (batchId: string, siteId = kit.siteA, caller = kit.hq) =>
  kit.assets.ReleaseImport({ siteId, batchId }, { caller });
const discard = (batchId: string, siteId = kit.siteA) =>
  kit.assets.DiscardImport({ siteId, batchId }, { caller: kit.hq });

/** Imports units `from`…`from + count - 1` in the batch and holds the first for a lease. */
async function importBatch(batchId: string, from: number, count: number, siteId = kit.siteA) {
  const { units } = await kit.assets.ImportUnits(
    {
      siteId,
      batchId,
      units: Array.from({ length: count }, (_, i) => unitRow(from + i)),
    },
    { caller: kit.hq },
  );
  await kit.assets.ImportUnitHolds(
    {
      siteId,
      batchId,
      holds: [
        {
          key: `lease:${batchId}`,
          leaseId: `lea_${batchId}`,
          unitIds: [units[0]!.id],
          fromDate: today,
          toDate: today,
        },
      ],
    },
    { caller: kit.hq },
  );
  return units.map((u) => u.id);
}

const heard = (ids: string[]) => kit.events.filter((e) => ids.includes(e.data.unitId as string));

describe("ReleaseImport", () => {
  it("publishes the batch's held events once; again, nothing more", async () => {
    const units = await importBatch("r-1", 1, 3);
    await kit.barrier();
    expect(heard(units)).toEqual([]);

    expect(await release("r-1")).toEqual({ state: "released" });
    await waitFor(() => heard(units).length === 4, { description: "the batch's 4 events" });
    expect(heard(units).map((e) => e.type)).toEqual([
      "assets.unit.created",
      "assets.unit.created",
      "assets.unit.created",
      "assets.unit.status_changed",
    ]);
    expect(heard(units)[3]!.data).toMatchObject({ unitId: units[0], from: "vacant", to: "leased" });

    expect(await release("r-1")).toEqual({ state: "released" });
    await kit.barrier();
    expect(heard(units)).toHaveLength(4);
    expect(await heldEvents(kit.db)).toBe(0);
    // A released batch takes no more rows and cannot be discarded.
    await expectError(
      kit.assets.ImportUnits(
        { siteId: kit.siteA, batchId: "r-1", units: [unitRow(9)] },
        { caller: kit.hq },
      ),
      "conflict",
      ["batchId"],
    );
    await expectError(discard("r-1"), "conflict", ["batchId"]);
    expect(await kit.db.unit.count({ where: { id: { in: units } } })).toBe(3);
  });

  it("refuses a discarded batch; a batch never heard of is unknown", async () => {
    const units = await importBatch("r-2", 20, 2);
    expect(await discard("r-2")).toEqual({ state: "discarded" });
    await expectError(release("r-2"), "conflict", ["batchId"]);
    await kit.barrier();
    expect(heard(units)).toEqual([]);
    expect(await release("r-never")).toEqual({ state: "unknown" });
  });

  it("keeps to the caller's sites and the batch's site", async () => {
    const units = await importBatch("r-3", 30, 1, kit.siteB);
    await expectError(release("r-3", kit.siteB, kit.clerkA), "not_found");
    await expectError(release("r-3", kit.siteA), "conflict", ["batchId"]);
    await kit.barrier();
    expect(heard(units)).toEqual([]);
    expect(await release("r-3", kit.siteB)).toEqual({ state: "released" });
    await waitFor(() => heard(units).length === 2, { description: "the batch's events" });
  });
});
