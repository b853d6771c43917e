import { DomainError } from "@slms/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { areaText, vacancy } from "../src/domain/occupancy.ts";
import { applyEvent } from "../src/use-cases/apply-event.ts";
import { getOccupancy } from "../src/use-cases/get-occupancy.ts";
import {
  event,
  hq,
  readModels,
  siteCreated,
  staffAt,
  statusChanged,
  unitCreated,
} from "./support.ts";

let models: Awaited<ReturnType<typeof readModels>>;
beforeAll(async () => {
  models = await readModels("get_occupancy");
  const apply = (e: Parameters<typeof applyEvent>[1]) => applyEvent(models.deps, e);
  // Site A: tower T1 with two offices (one leased), a shop outside any building; one parking
  // space inactive. Site B: one leased shop. Another organisation's unit at site A's id.
  await apply(unitCreated("sit_a", "a1", { area: "100.25", buildingId: "bld_t1" }));
  await apply(unitCreated("sit_a", "a2", { area: "50.50", buildingId: "bld_t1" }));
  await apply(unitCreated("sit_a", "a3", { area: "30", kind: "shop" }));
  await apply(unitCreated("sit_a", "a4", { area: "12.5", kind: "parking_surface" }));
  await apply(statusChanged("sit_a", "a1", "vacant", "leased", "2026-06-02T00:00:00.000Z"));
  await apply(
    statusChanged(
      "sit_a",
      "a4",
      "vacant",
      "inactive",
      "2026-06-02T00:00:00.000Z",
      "parking_surface",
    ),
  );
  await apply(unitCreated("sit_b", "b1", { area: "40", kind: "shop" }));
  await apply(statusChanged("sit_b", "b1", "vacant", "leased", "2026-06-02T00:00:00.000Z", "shop"));
  const stranger = unitCreated("sit_a", "x1", { area: "999" });
  await apply({ ...event(stranger.type, "sit_a", stranger.data), orgId: "org_other" });
});
afterAll(async () => {
  await models?.close();
});

describe("getOccupancy", () => {
  it("reports one site by status, kind and building, with vacancy over lettable stock", async () => {
    const { sites } = await getOccupancy(models.deps, staffAt("sit_a"), "sit_a");
    expect(sites).toHaveLength(1);
    const [site] = sites;
    expect(site!.total.units).toEqual({
      leased: 1,
      vacant: 2,
      reserved: 0,
      maintenance: 0,
      inactive: 1,
    });
    expect(areaText(site!.total.areaHundredths.vacant)).toBe("80.50");
    // 2 of 3 lettable units; 80.50 of 180.75 m² (4453.67… bp).
    expect(vacancy(site!.total)).toEqual({ unitsBp: 6667, areaBp: 4454 });
    expect(site!.byKind.map((k) => [k.kind, k.tally.units.vacant + k.tally.units.leased])).toEqual([
      ["office", 2],
      ["parking_surface", 0],
      ["shop", 1],
    ]);
    expect(site!.byBuilding.map((b) => b.buildingId)).toEqual([null, "bld_t1"]);
  });

  it("reports every site in scope for HQ, none of another organisation's", async () => {
    const { sites, total } = await getOccupancy(models.deps, hq, undefined);
    expect(sites.map((s) => s.siteId)).toEqual(["sit_a", "sit_b"]);
    expect(total.units.leased).toBe(2);
    expect(areaText(Object.values(total.areaHundredths).reduce((a, b) => a + b, 0n))).toBe(
      "233.25",
    );
  });

  it("limits a site user to their sites, and hides a site outside them", async () => {
    const { sites } = await getOccupancy(models.deps, staffAt("sit_b"), undefined);
    expect(sites.map((s) => s.siteId)).toEqual(["sit_b"]);
    const error = await getOccupancy(models.deps, staffAt("sit_b"), "sit_a").catch((e) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe("not_found");
  });

  it("reports a known site without units as empty; another organisation's site is not found", async () => {
    await applyEvent(models.deps, siteCreated("sit_new", "Asia/Shanghai"));
    const stranger = await getOccupancy(
      models.deps,
      { ...hq, orgId: "org_other" },
      "sit_new",
    ).catch((e) => e);
    expect((stranger as DomainError).kind).toBe("not_found");
    const { sites } = await getOccupancy(models.deps, hq, "sit_new");
    expect(sites).toHaveLength(1);
    expect(sites[0]!.total.units.vacant).toBe(0);
    expect(vacancy(sites[0]!.total)).toEqual({ unitsBp: 0, areaBp: 0 });
  });
});
