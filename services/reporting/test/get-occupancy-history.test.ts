import type { DomainError } from "@slms/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyEvent } from "../src/use-cases/apply-event.ts";
import { getOccupancyHistory } from "../src/use-cases/get-occupancy-history.ts";
import { hq, readModels, siteCreated, staffAt, statusChanged, unitCreated } from "./support.ts";

// The snapshot of a day is what the units stood at when reporting last heard of a change that
// day, on reporting's clock in the site's time zone.
let models: Awaited<ReturnType<typeof readModels>>;
const apply = (e: Parameters<typeof applyEvent>[1]) => applyEvent(models.deps, e);
const at = (iso: string) => {
  models.now.value = new Date(iso);
};

beforeAll(async () => {
  models = await readModels("occupancy_history");
  await apply(siteCreated("sit_h", "Asia/Shanghai"));
  await apply(siteCreated("sit_k", "Asia/Shanghai"));
  at("2026-06-01T02:00:00Z"); // 1 June in Shanghai
  await apply(unitCreated("sit_h", "h1", { area: "60" }));
  await apply(unitCreated("sit_h", "h2", { area: "40" }));
  at("2026-06-02T17:00:00Z"); // 3 June 01:00 in Shanghai
  await apply(statusChanged("sit_h", "h1", "vacant", "leased", "2026-06-02T17:00:00.000Z"));
  at("2026-06-04T02:00:00Z");
  await apply(unitCreated("sit_k", "k1", { area: "10" }));
});
afterAll(async () => {
  await models?.close();
});

describe("GetOccupancyHistory", () => {
  it("gives each day the figures of its last change, carried forward over quiet days", async () => {
    const { sites, total } = await getOccupancyHistory(models.deps, hq, undefined, {
      fromDate: "2026-05-31",
      toDate: "2026-06-05",
    });
    const h = sites.filter((d) => d.siteId === "sit_h");
    expect(h.map((d) => [d.date, d.tally.units.leased, d.tally.units.vacant])).toEqual([
      // Nothing on 31 May: the site had no snapshot yet.
      ["2026-06-01", 0, 2],
      ["2026-06-02", 0, 2],
      ["2026-06-03", 1, 1],
      ["2026-06-04", 1, 1],
      ["2026-06-05", 1, 1],
    ]);
    expect(h[2]!.tally.areaHundredths.leased).toBe(6_000n);
    expect(total.map((d) => [d.date, d.tally.units.vacant + d.tally.units.leased])).toEqual([
      ["2026-06-01", 2],
      ["2026-06-02", 2],
      ["2026-06-03", 2],
      ["2026-06-04", 3],
      ["2026-06-05", 3],
    ]);
  });

  it("keeps to the caller's sites and refuses a range over 366 days, naming it", async () => {
    const mine = await getOccupancyHistory(models.deps, staffAt("sit_k"), undefined, {
      fromDate: "2026-06-01",
      toDate: "2026-06-05",
    });
    expect(new Set(mine.sites.map((d) => d.siteId))).toEqual(new Set(["sit_k"]));
    const error = (await getOccupancyHistory(models.deps, hq, undefined, {
      fromDate: "2025-01-01",
      toDate: "2026-06-01",
    }).catch((e: unknown) => e)) as DomainError;
    expect([error.kind, error.details.map((d) => d.field)]).toEqual(["invalid", ["toDate"]]);
  });
});
