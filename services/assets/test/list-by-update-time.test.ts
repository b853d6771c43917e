import { setTimeout as sleep } from "node:timers/promises";
import { createDatabase } from "@slms/db";
import { DomainError } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { createTestDatabase, expectLateCommitDelivered } from "@slms/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AssetsDeps } from "../src/deps.ts";
import type { UnitView } from "../src/domain/views.ts";
import { PrismaClient } from "../src/generated/prisma/client.ts";
import { migrationsDir } from "../src/service.ts";
import { changeUnitStatus } from "../src/use-cases/change-unit-status.ts";
import { createOrganisation } from "../src/use-cases/create-organisation.ts";
import { createSite } from "../src/use-cases/create-site.ts";
import { createUnit } from "../src/use-cases/create-unit.ts";
import { discardImport } from "../src/use-cases/discard-import.ts";
import { holdUnits } from "../src/use-cases/hold-units.ts";
import { importUnitHolds } from "../src/use-cases/import-unit-holds.ts";
import { listSites } from "../src/use-cases/list-sites.ts";
import { listUnits } from "../src/use-cases/list-units.ts";
import { releaseImport } from "../src/use-cases/release-import.ts";
import { releaseUnits } from "../src/use-cases/release-units.ts";
import { rollBackImport } from "../src/use-cases/roll-back-import.ts";
import { updateSite } from "../src/use-cases/update-site.ts";
import { updateUnit } from "../src/use-cases/update-unit.ts";

// Units and sites by update time (`updatedSince`): keyset order on (updated_at, id), ties, page
// boundaries, the settle horizon, and every write path moving a record to the end.

const system: Caller = { actor: "system:test", orgId: "system", siteIds: "all", roles: ["system"] };
/** A short horizon, so tests wait little for writes to settle. */
const SETTLE_MS = 150;
const settled = () => sleep(SETTLE_MS + 50);
const EPOCH = "2000-01-01T00:00:00Z";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let deps: AssetsDeps;
let hq: Caller;
let siteId: string;
let otherSiteId: string;
const unitIds: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase({ migrationsDir, label: "list_by_update_time" });
  const { prisma, pool } = createDatabase(PrismaClient, { url: database.url, poolMax: 3 });
  deps = { db: prisma, pool, outboxWritten: () => {}, syncSettleMs: SETTLE_MS };
  const organisation = await createOrganisation(deps, system, { code: "SYNC", name: "Sync" });
  hq = { actor: "usr_hq", orgId: organisation.id, siteIds: "all", roles: ["hq_admin"] };
  const site = (code: string) =>
    createSite(deps, hq, { code, name: code, kind: "office", timeZone: "UTC", currency: "CNY" });
  siteId = (await site("S-A")).id;
  otherSiteId = (await site("S-B")).id;
  for (const code of ["U-5", "U-4", "U-3", "U-2", "U-1"]) {
    const unit = await createUnit(deps, hq, siteId, {
      code,
      name: code,
      kind: "office",
      grossAreaM2: 50,
      listRentMonthlyMinor: 100_000,
    });
    unitIds.push(unit.id);
  }
  await createUnit(deps, hq, otherSiteId, {
    code: "U-1",
    name: "Other site's unit",
    kind: "office",
    grossAreaM2: 50,
    listRentMonthlyMinor: 100_000,
  });
  await settled();
});

afterAll(async () => {
  await deps?.db.$disconnect();
  await database?.close();
});

async function failure(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

/** Every unit of the site updated since `since`, page by page. */
async function allUnitsSince(since: string, pageSize: number, d = deps) {
  const seen: UnitView[] = [];
  let pageToken: string | undefined;
  for (let pages = 0; pages < 20; pages++) {
    const page = await listUnits(d, hq, siteId, { updatedSince: since, pageSize, pageToken });
    expect(page.items.length).toBeLessThanOrEqual(pageSize);
    seen.push(...page.items);
    if (!page.nextPageToken) return seen;
    pageToken = page.nextPageToken;
  }
  throw new Error("paging did not end");
}

describe("listUnits by update time", () => {
  it("orders by (updated_at, id), ties broken by id, across page boundaries", async () => {
    // Three units share one instant, two others follow: pages of 2 cut through the tie.
    await deps.pool.query(
      `UPDATE units SET updated_at = CASE WHEN id = ANY($2::text[]) THEN $1::timestamptz
                                          ELSE $1::timestamptz + interval '1 second' END
        WHERE site_id = $3`,
      ["2026-01-01T00:00:00.000Z", unitIds.slice(0, 3), siteId],
    );
    const tied = [...unitIds.slice(0, 3)].sort();
    const after = [...unitIds.slice(3)].sort();
    for (const size of [1, 2, 3, 5, 100]) {
      const units = await allUnitsSince(EPOCH, size);
      expect(units.map((u) => u.id)).toEqual([...tied, ...after]);
    }
  });

  it("is inclusive: a unit stamped exactly at updatedSince is listed", async () => {
    const units = await allUnitsSince("2026-01-01T00:00:01Z", 100);
    expect(units.map((u) => u.id).sort()).toEqual([...unitIds.slice(3)].sort());
    // The same instant in another offset is the same bound.
    const offset = await allUnitsSince("2026-01-01T08:00:01+08:00", 100);
    expect(offset.map((u) => u.id)).toEqual(units.map((u) => u.id));
  });

  it("keeps the order by code without updatedSince", async () => {
    const page = await listUnits(deps, hq, siteId, {});
    expect(page.items.map((u) => u.code)).toEqual(["U-1", "U-2", "U-3", "U-4", "U-5"]);
  });

  it("lists a change only once it is older than the settle horizon", async () => {
    const slow = { ...deps, syncSettleMs: 1_500 };
    const updated = await updateUnit(deps, hq, siteId, unitIds[0]!, { name: "Renamed" });
    const since = updated.updatedAt.toISOString();
    expect(await allUnitsSince(since, 10, slow)).toEqual([]);
    await sleep(1_600);
    expect((await allUnitsSince(since, 10, slow)).map((u) => u.id)).toEqual([unitIds[0]]);
  });

  it("delivers a write that commits late to a client resuming from the last updated_at it saw", async () => {
    const settleMs = 300;
    const [late, early] = [unitIds[1]!, unitIds[2]!];
    await expectLateCommitDelivered({
      settleMs,
      late,
      early,
      writeLateAround: async (meanwhile) => {
        const writer = await deps.pool.connect();
        try {
          await writer.query("BEGIN");
          await writer.query("UPDATE units SET name = 'Late', updated_at = now() WHERE id = $1", [
            late,
          ]);
          await meanwhile();
          await writer.query("COMMIT");
        } finally {
          writer.release();
        }
      },
      writeEarly: async () => {
        await updateUnit(deps, hq, siteId, early, { name: "Early" });
      },
      naive: async (from) =>
        (
          await deps.pool.query<{ id: string; updated_at: Date }>(
            `SELECT id, updated_at FROM units WHERE site_id = $1 AND updated_at >= $2
              ORDER BY updated_at, id`,
            [siteId, from],
          )
        ).rows,
      listSince: (from) => allUnitsSince(from, 100, { ...deps, syncSettleMs: settleMs }),
    });
  });

  it("moves a unit to the end when any write changes it", async () => {
    const at = (units: { id: string }[]) => units.at(-1)?.id;
    const [a, b] = [unitIds[3]!, unitIds[4]!];
    await updateUnit(deps, hq, siteId, a, { floor: "7" });
    await settled();
    expect(at(await allUnitsSince(EPOCH, 2))).toBe(a);

    await changeUnitStatus(deps, hq, siteId, b, { status: "maintenance", reason: "paint" });
    await settled();
    expect(at(await allUnitsSince(EPOCH, 2))).toBe(b);

    const today = new Date().toISOString().slice(0, 10);
    await holdUnits(deps, hq, siteId, {
      leaseId: "lea_sync1",
      unitIds: [a],
      fromDate: today,
      toDate: "2099-12-31",
    });
    await settled();
    const held = await allUnitsSince(EPOCH, 2);
    expect(held.at(-1)).toMatchObject({ id: a, status: "leased" });

    await changeUnitStatus(deps, hq, siteId, b, { status: "vacant", reason: "painted" });
    await settled();
    expect(at(await allUnitsSince(EPOCH, 2))).toBe(b);
    await releaseUnits(deps, hq, siteId, { leaseId: "lea_sync1", releaseFrom: today });
    await settled();
    const released = await allUnitsSince(EPOCH, 2);
    expect(released.at(-1)?.id).toBe(a);
    expect(released.at(-1)?.status).not.toBe("leased");
  });

  it("moves a unit to the end when an import holds it and when the import is undone (raw SQL)", async () => {
    const unit = unitIds[4]!;
    const today = new Date().toISOString().slice(0, 10);
    const hold = (batchId: string, leaseId: string) =>
      importUnitHolds(deps, hq, siteId, {
        batchId,
        holds: [
          {
            key: `lease:${leaseId}`,
            leaseId,
            unitIds: [unit],
            fromDate: today,
            toDate: "2099-12-31",
          },
        ],
      });
    const last = async () => (await allUnitsSince(EPOCH, 2)).at(-1);

    await hold("sync-discarded", "lea_imp1");
    await settled();
    expect(await last()).toMatchObject({ id: unit, status: "leased" });
    await changeUnitStatus(deps, hq, siteId, unitIds[0]!, { status: "maintenance", reason: "x" });
    await discardImport(deps, hq, siteId, { batchId: "sync-discarded" });
    await settled();
    expect(await last()).toMatchObject({ id: unit, status: "vacant" });

    await hold("sync-rolled-back", "lea_imp2");
    await releaseImport(deps, hq, siteId, { batchId: "sync-rolled-back" });
    await changeUnitStatus(deps, hq, siteId, unitIds[0]!, { status: "vacant", reason: "x" });
    await settled();
    expect((await last())?.id).toBe(unitIds[0]);
    await rollBackImport(deps, hq, siteId, { batchId: "sync-rolled-back", checkOnly: false });
    await settled();
    expect(await last()).toMatchObject({ id: unit, status: "vacant" });
  });

  it("refuses a malformed updatedSince and another order's page token, naming them", async () => {
    const bad = await failure(listUnits(deps, hq, siteId, { updatedSince: "yesterday" }));
    expect(bad.kind).toBe("invalid");
    expect(bad.details.map((d) => d.field)).toEqual(["updatedSince"]);
    const byCode = await listUnits(deps, hq, siteId, { pageSize: 1 });
    const mixed = await failure(
      listUnits(deps, hq, siteId, { updatedSince: EPOCH, pageToken: byCode.nextPageToken! }),
    );
    expect(mixed.details.map((d) => d.field)).toEqual(["pageToken"]);
  });

  it("never lists another site's units: a caller of site A asking for site B is not found", async () => {
    const siteA: Caller = { ...hq, actor: "usr_a", siteIds: [siteId], roles: ["site_manager"] };
    const own = await listUnits(deps, siteA, siteId, { updatedSince: EPOCH });
    expect(own.items.every((u) => u.siteId === siteId)).toBe(true);
    expect(own.items).toHaveLength(5);
    const other = await failure(listUnits(deps, siteA, otherSiteId, { updatedSince: EPOCH }));
    expect(other.kind).toBe("not_found");
  });
});

describe("listSites by update time", () => {
  it("lists the caller's sites by (updated_at, id) and moves an edited site to the end", async () => {
    const before = await listSites(deps, hq, { updatedSince: EPOCH, pageSize: 1 });
    expect(before.items).toHaveLength(1);
    const second = await listSites(deps, hq, {
      updatedSince: EPOCH,
      pageSize: 1,
      pageToken: before.nextPageToken!,
    });
    expect(second.nextPageToken).toBeNull();
    const order = [...before.items, ...second.items].map((s) => s.id);
    expect(order).toEqual([siteId, otherSiteId]);

    await updateSite(deps, hq, siteId, { address: "1 Sync Road" });
    await settled();
    const after = await listSites(deps, hq, { updatedSince: EPOCH });
    expect(after.items.map((s) => s.id)).toEqual([otherSiteId, siteId]);
    const since = await listSites(deps, hq, {
      updatedSince: after.items[1]!.updatedAt.toISOString(),
    });
    expect(since.items.map((s) => s.id)).toEqual([siteId]);
  });

  it("shows a site-scoped caller only its sites", async () => {
    const siteB: Caller = {
      ...hq,
      actor: "usr_b",
      siteIds: [otherSiteId],
      roles: ["site_manager"],
    };
    const page = await listSites(deps, siteB, { updatedSince: EPOCH });
    expect(page.items.map((s) => s.id)).toEqual([otherSiteId]);
  });
});
