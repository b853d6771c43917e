import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyEvent } from "../src/use-cases/apply-event.ts";
import { getOccupancy } from "../src/use-cases/get-occupancy.ts";
import { listAuditEntries } from "../src/use-cases/list-audit-entries.ts";
import { event, hq, readModels, siteCreated, unitCreated } from "./support.ts";

let models: Awaited<ReturnType<typeof readModels>>;
const apply = (e: Parameters<typeof applyEvent>[1]) => applyEvent(models.deps, e);
const edited = (unitId: string, area: string, at: string, changes: object[]) =>
  event(
    "assets.unit.updated",
    "sit_u",
    {
      unitId,
      siteId: "sit_u",
      buildingId: null,
      code: unitId,
      name: unitId,
      kind: "shop",
      floor: "1",
      grossAreaM2: area,
      usableAreaM2: area,
      listRentMonthlyMinor: 5_000,
      currency: "CNY",
      changes,
    },
    at,
  );

beforeAll(async () => {
  models = await readModels("unit_updated");
  await apply(siteCreated("sit_u", "Asia/Shanghai"));
  await apply(unitCreated("sit_u", "u1", { area: "100", at: "2026-06-01T00:00:00.000Z" }));
  await apply(
    edited("u1", "150.00", "2026-06-03T00:00:00.000Z", [
      { field: "grossAreaM2", from: "100.00", to: "150.00" },
    ]),
  );
  // An older edit heard of later changes nothing.
  await apply(
    edited("u1", "120.00", "2026-06-02T00:00:00.000Z", [
      { field: "grossAreaM2", from: "100.00", to: "120.00" },
    ]),
  );
  // An edit heard of before the unit's creation: the older creation does not undo it.
  await apply(
    edited("u2", "30.00", "2026-06-05T00:00:00.000Z", [
      { field: "grossAreaM2", from: "20.00", to: "30.00" },
    ]),
  );
  await apply(unitCreated("sit_u", "u2", { area: "20", at: "2026-06-04T00:00:00.000Z" }));
});
afterAll(async () => {
  await models?.close();
});

describe("assets.unit.updated", () => {
  it("keeps a unit's newest facts whatever the order, and the occupancy follows", async () => {
    const { sites } = await getOccupancy(models.deps, hq, "sit_u");
    expect(sites[0]!.total.units.vacant).toBe(2);
    expect(sites[0]!.total.areaHundredths.vacant).toBe(18_000n); // 150 + 30 m²
    expect(sites[0]!.byKind.map((k) => k.kind)).toEqual(["shop"]);
  });

  it("audits the edit with the fields it states, before → after", async () => {
    const { entries } = await listAuditEntries(models.deps, hq, "sit_u", {
      fromDate: "2026-06-01",
      toDate: "2026-06-30",
      objectId: "u1",
    });
    expect(entries.map((e) => [e.action, e.changes])).toEqual([
      ["assets.unit.updated", [{ field: "grossAreaM2", before: "100.00", after: "150.00" }]],
      ["assets.unit.updated", [{ field: "grossAreaM2", before: "100.00", after: "120.00" }]],
      ["assets.unit.created", expect.arrayContaining([{ field: "grossAreaM2", after: "100" }])],
    ]);
  });
});
