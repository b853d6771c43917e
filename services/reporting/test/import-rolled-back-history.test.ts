import { randomUUID } from "node:crypto";
import type { EventEnvelope } from "@slms/contracts";
import type { Caller } from "@slms/grpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyEvent } from "../src/use-cases/apply-event.ts";
import { getOccupancyHistory } from "../src/use-cases/get-occupancy-history.ts";
import { event, hq, readModels, siteCreated, statusChanged, unitCreated } from "./support.ts";

// An import rolled back days after its release (`assets.import.rolled_back` with `releasedAt` and
// `unitsPutBack`): the occupancy history of the days between is as if the import never happened
// — the units it made gone from them, a unit it leased but did not make back in its status of
// before. Sites in Shanghai (UTC+8). Each site had two units the day before (D-1, 9 June): pre1
// (50 m², vacant) and pre2 (40 m², leased). The import was released at 01:30 on 10 June (D),
// Shanghai time — still 9 June in UTC: it made new1 (100 m², leased) and new2 (60.5 m²,
// reserved) and leased pre1. On 11 June (D+1) a unit of 30 m² was added; the rollback comes on
// 12 June (D+2). Site sit_t had everything but the import: what the others must look like.
let models: Awaited<ReturnType<typeof readModels>>;
const apply = (e: EventEnvelope) => applyEvent(models.deps, e);
const at = (iso: string) => {
  models.now.value = new Date(iso);
};

const RELEASED = "2026-06-09T17:30:00.000Z"; // 10 June 01:30 in Shanghai
const otherOrg = "org_other";
const inOrg = (e: EventEnvelope, orgId: string): EventEnvelope => ({ ...e, orgId });

/** A site's events before the import (D-1), the import's, and the one after it (D+1). */
function siteStory(site: string) {
  const u = (name: string) => `${site}_${name}`;
  return {
    before: [
      siteCreated(site, "Asia/Shanghai"),
      unitCreated(site, u("pre1"), { area: "50" }),
      unitCreated(site, u("pre2"), { area: "40" }),
      statusChanged(site, u("pre2"), "vacant", "leased", "2026-06-09T01:00:00.000Z"),
    ],
    imported: [
      unitCreated(site, u("new1"), { area: "100", at: "2026-06-09T17:10:00.000Z" }),
      unitCreated(site, u("new2"), { area: "60.5", at: "2026-06-09T17:10:00.000Z" }),
      statusChanged(site, u("new1"), "vacant", "leased", "2026-06-09T17:20:00.000Z"),
      statusChanged(site, u("new2"), "vacant", "reserved", "2026-06-09T17:20:00.000Z"),
      statusChanged(site, u("pre1"), "vacant", "leased", "2026-06-09T17:20:00.000Z"),
    ],
    after: [unitCreated(site, u("later"), { area: "30" })],
  };
}

/** Assets' rollback of a site's import: the status it put back, and its part announcing it. */
function rollbackOf(site: string, imported: readonly EventEnvelope[], batchId = `imp_${site}`) {
  const u = (name: string) => `${site}_${name}`;
  return {
    putBack: statusChanged(site, u("pre1"), "leased", "vacant", "2026-06-12T02:58:59.000Z"),
    rolledBack: event(
      "assets.import.rolled_back",
      site,
      {
        batchId,
        siteId: site,
        objects: { unit: [u("new1"), u("new2")], hold: [`lea_${site}`], unit_status_change: ["7"] },
        eventIds: imported.map((e) => e.id),
        part: 1,
        parts: 1,
        releasedAt: RELEASED,
        unitsPutBack: [{ unitId: u("pre1"), from: "leased", to: "vacant" }],
      },
      "2026-06-12T02:59:00.000Z",
    ),
  };
}

const stories = {
  a: siteStory("sit_a"),
  b: siteStory("sit_b"),
  t: siteStory("sit_t"),
  x: siteStory("sit_x"),
};

/** The site's units and area per status, each day from D-2 to D+2. */
async function history(site: string, caller: Caller = hq) {
  const { sites } = await getOccupancyHistory(models.deps, caller, site, {
    fromDate: "2026-06-08",
    toDate: "2026-06-12",
  });
  return sites.map((d) => ({ date: d.date, ...d.tally }));
}

const snapshots = (site: string) =>
  models.deps.db.$queryRawUnsafe<Record<string, unknown>[]>(
    `SELECT org_id, to_char(day, 'YYYY-MM-DD') AS day, status, units, area_m2::text AS area
       FROM occupancy_snapshots WHERE site_id = $1 ORDER BY day, status`,
    site,
  );

const otherHq: Caller = { ...hq, orgId: otherOrg };
let firstRollback: EventEnvelope;

beforeAll(async () => {
  models = await readModels("import_rolled_back_history");
  at("2026-06-09T02:00:00Z"); // D-1, 10:00 in Shanghai
  for (const story of [stories.a, stories.b, stories.t])
    for (const e of story.before) await apply(e);
  for (const e of stories.x.before) await apply(inOrg(e, otherOrg));
  at("2026-06-09T17:31:00Z"); // D, 01:31 in Shanghai: the import's events heard
  for (const e of [...stories.a.imported, ...stories.b.imported]) await apply(e);
  for (const e of stories.x.imported) await apply(inOrg(e, otherOrg));
  at("2026-06-11T04:00:00Z"); // D+1
  for (const story of [stories.a, stories.b, stories.t])
    for (const e of story.after) await apply(e);
  for (const e of stories.x.after) await apply(inOrg(e, otherOrg));
  at("2026-06-12T03:00:00Z"); // D+2: the rollback
});
afterAll(async () => {
  await models?.close();
});

describe("applyEvent: assets.import.rolled_back, days after the release", () => {
  it("leaves the history of the days since the release as if the import never happened", async () => {
    const without = await history("sit_t");
    expect(without.map((d) => [d.date, d.units.leased, d.units.vacant, d.units.reserved])).toEqual([
      ["2026-06-09", 1, 1, 0],
      ["2026-06-10", 1, 1, 0],
      ["2026-06-11", 1, 2, 0],
      ["2026-06-12", 1, 2, 0],
    ]);
    const imported = await history("sit_a");
    expect(imported.map((d) => [d.date, d.units.leased, d.units.reserved])).toEqual([
      ["2026-06-09", 1, 0],
      ["2026-06-10", 3, 1],
      ["2026-06-11", 3, 1],
      ["2026-06-12", 3, 1],
    ]);
    const twin = await snapshots("sit_t");
    const { rolledBack, putBack } = rollbackOf("sit_a", stories.a.imported);
    firstRollback = rolledBack;

    // The rollback first, then the status put back (as assets writes them: either may come first).
    expect(await apply(rolledBack)).toBe(true);
    expect(await history("sit_a")).toEqual(without);
    expect(await apply(putBack)).toBe(true);
    expect(await history("sit_a")).toEqual(without);
    expect(without[1]!.areaHundredths).toMatchObject({ leased: 4_000n, vacant: 5_000n });
    // A status left without units is no row of its day, as in any snapshot.
    expect((await snapshots("sit_a")).filter((s) => s.day === "2026-06-10")).toEqual([
      { org_id: hq.orgId, day: "2026-06-10", status: "leased", units: 1, area: "40.00" },
      { org_id: hq.orgId, day: "2026-06-10", status: "vacant", units: 1, area: "50.00" },
    ]);
    expect(await snapshots("sit_t")).toEqual(twin);
  });

  it("does the same when the status put back is heard of before the rollback", async () => {
    const { rolledBack, putBack } = rollbackOf("sit_b", stories.b.imported);
    expect(await apply(putBack)).toBe(true);
    expect(await apply(rolledBack)).toBe(true);
    expect(await history("sit_b")).toEqual(await history("sit_t"));
  });

  it("changes nothing when the rollback is heard of again", async () => {
    const before = await snapshots("sit_a");
    expect(await apply(firstRollback)).toBe(false); // redelivered: the inbox knows it
    // The same part in another envelope: applied, and nothing moves twice.
    expect(await apply({ ...firstRollback, id: randomUUID() })).toBe(true);
    expect(await snapshots("sit_a")).toEqual(before);
    expect(await history("sit_a")).toEqual(await history("sit_t"));
  });

  it("refuses a part whose release time or statuses put back are malformed, naming the field", async () => {
    const before = await snapshots("sit_t");
    const { rolledBack } = rollbackOf("sit_t", [], "imp_bad");
    const bad = (data: Record<string, unknown>) =>
      apply({ ...rolledBack, id: randomUUID(), data: { ...rolledBack.data, ...data } });
    await expect(bad({ releasedAt: "10 June" })).rejects.toMatchObject({
      kind: "invalid",
      details: [expect.objectContaining({ field: "releasedAt" })],
    });
    await expect(
      bad({ unitsPutBack: [{ unitId: "sit_t_pre1", from: "let", to: "vacant" }] }),
    ).rejects.toMatchObject({
      kind: "invalid",
      details: [expect.objectContaining({ field: "unitsPutBack.0.from" })],
    });
    expect(await snapshots("sit_t")).toEqual(before);
  });

  it("touches only the organisation's own units and snapshots", async () => {
    const x = await snapshots("sit_x");
    expect(x.every((s) => s.org_id === otherOrg)).toBe(true);
    const xHistory = await history("sit_x", otherHq);
    const t = await snapshots("sit_t");
    // Another organisation's rollback naming this site's units and statuses: nothing of it.
    const stranger = event(
      "assets.import.rolled_back",
      "sit_t",
      {
        batchId: "imp_stranger",
        siteId: "sit_t",
        objects: { unit: ["sit_t_pre2"] },
        eventIds: [],
        part: 1,
        parts: 1,
        releasedAt: RELEASED,
        unitsPutBack: [{ unitId: "sit_t_pre1", from: "vacant", to: "maintenance" }],
      },
      "2026-06-12T02:59:00.000Z",
      otherOrg,
    );
    expect(await apply(stranger)).toBe(true);
    expect(await snapshots("sit_t")).toEqual(t);
    const units = await models.deps.db.unitFact.findMany({
      where: { siteId: "sit_t" },
      orderBy: { unitId: "asc" },
    });
    expect(units.map((u) => [u.unitId, u.status])).toEqual([
      ["sit_t_later", "vacant"],
      ["sit_t_pre1", "vacant"],
      ["sit_t_pre2", "leased"],
    ]);
    // The other organisation's site, with its import not rolled back, is as it was.
    expect(await snapshots("sit_x")).toEqual(x);
    expect(await history("sit_x", otherHq)).toEqual(xHistory);
    expect(xHistory.map((d) => [d.date, d.units.leased, d.units.reserved])).toEqual([
      ["2026-06-09", 1, 0],
      ["2026-06-10", 3, 1],
      ["2026-06-11", 3, 1],
      ["2026-06-12", 3, 1],
    ]);
  });
});
