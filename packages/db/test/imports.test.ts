import type { EventEnvelope } from "@slms/contracts";
import { conflict } from "@slms/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "../src/client.ts";
import { uuidv7 } from "../src/ids.ts";
import {
  discardImportBatch,
  importedObjects,
  openImportBatch,
  recordImportedRows,
  releaseImportBatch,
  rollBackImportBatch,
} from "../src/imports.ts";
import { markHandled, runOnce } from "../src/inbox.ts";
import { createOutboxStore, writeOutbox } from "../src/outbox.ts";
import { freshDatabase, PrismaClient } from "./support.ts";

// A service's part of an import: widgets made with held events, then released or discarded.
let db: Awaited<ReturnType<typeof freshDatabase>>;
let prisma: InstanceType<typeof PrismaClient>;
beforeAll(async () => {
  db = await freshDatabase("imports", { migrate: true });
  prisma = createPrismaClient(PrismaClient, { url: db.url, poolMax: 4 });
});
afterAll(async () => {
  await prisma.$disconnect();
  await db.close();
});

const event = (widgetId: string): EventEnvelope => ({
  id: uuidv7(),
  type: "assets.widget.created",
  version: 1,
  occurredAt: new Date().toISOString(),
  orgId: "org_1",
  siteId: "sit_1",
  actor: "usr_1",
  traceparent: null,
  data: { widgetId },
});

/** Imports widgets as a service would: the rows not made yet, with held events. */
async function importWidgets(batchId: string, keys: string[], siteId = "sit_1") {
  return prisma.$transaction(async (tx) => {
    await openImportBatch(tx, { batchId, orgId: "org_1", siteId });
    const made = await importedObjects(tx, batchId, "widget", keys);
    const fresh = keys.filter((k) => !made.has(k));
    const rows = fresh.map((rowKey) => ({ rowKey, objectId: `w_${batchId}_${rowKey}` }));
    await tx.widget.createMany({ data: rows.map((r) => ({ id: r.objectId, name: r.rowKey })) });
    const events = rows.map((r) => event(r.objectId));
    await writeOutbox(tx, events, { hold: true });
    await recordImportedRows(
      tx,
      batchId,
      "widget",
      rows.map((r, i) => ({ ...r, eventIds: [events[i]!.id] })),
    );
    return { created: rows.length, ids: keys.map((k) => made.get(k) ?? `w_${batchId}_${k}`) };
  });
}

const published = async () => {
  const out: EventEnvelope[] = [];
  await createOutboxStore(prisma).claimBatch(100, async (rows) => void out.push(...rows));
  return out.map((e) => e.data.widgetId);
};

const removeWidgets = async (
  tx: Parameters<Parameters<typeof prisma.$transaction>[0]>[0],
  made: ReadonlyMap<string, readonly string[]>,
) => {
  await tx.widget.deleteMany({ where: { id: { in: [...(made.get("widget") ?? [])] } } });
};

describe("an import batch", () => {
  it("makes each row once, holds its events, and releases them all together", async () => {
    expect((await importWidgets("b1", ["a", "b"])).created).toBe(2);
    // Sent again with one more row: only the new row is made.
    const again = await importWidgets("b1", ["a", "b", "c"]);
    expect(again).toEqual({ created: 1, ids: ["w_b1_a", "w_b1_b", "w_b1_c"] });
    expect(await published()).toEqual([]);

    expect(
      await releaseImportBatch(prisma, { batchId: "b1", orgId: "org_1", siteId: "sit_1" }),
    ).toBe("released");
    expect(await published()).toEqual(["w_b1_a", "w_b1_b", "w_b1_c"]);
    expect(
      await releaseImportBatch(prisma, { batchId: "b1", orgId: "org_1", siteId: "sit_1" }),
    ).toBe("released");
    await expect(importWidgets("b1", ["d"])).rejects.toMatchObject({ kind: "conflict" });
    await expect(
      discardImportBatch(prisma, { batchId: "b1", orgId: "org_1", siteId: "sit_1" }, removeWidgets),
    ).rejects.toMatchObject({ kind: "conflict" });
    expect(await prisma.widget.count({ where: { id: { startsWith: "w_b1_" } } })).toBe(3);
  });

  it("is discarded whole: its objects removed, its events never published", async () => {
    await importWidgets("b2", ["x", "y"]);
    const scope = { batchId: "b2", orgId: "org_1", siteId: "sit_1" };
    expect(await discardImportBatch(prisma, scope, removeWidgets)).toBe("discarded");
    expect(await prisma.widget.count({ where: { id: { startsWith: "w_b2_" } } })).toBe(0);
    expect(await published()).toEqual([]);
    expect(
      await prisma.outboxMessage.count({
        where: { data: { path: ["widgetId"], string_starts_with: "w_b2_" } },
      }),
    ).toBe(0);
    expect(await discardImportBatch(prisma, scope, removeWidgets)).toBe("discarded");
    await expect(importWidgets("b2", ["z"])).rejects.toMatchObject({ kind: "conflict" });
    await expect(releaseImportBatch(prisma, scope)).rejects.toMatchObject({ kind: "conflict" });
  });

  it("refuses rows late for a batch discarded before this service heard of it, and another site's batch", async () => {
    const scope = { batchId: "b3", orgId: "org_1", siteId: "sit_1" };
    expect(await discardImportBatch(prisma, scope, removeWidgets)).toBe("discarded");
    await expect(importWidgets("b3", ["late"])).rejects.toMatchObject({ kind: "conflict" });
    await importWidgets("b4", ["a"]);
    await expect(importWidgets("b4", ["b"], "sit_2")).rejects.toMatchObject({ kind: "conflict" });
    expect(
      await releaseImportBatch(prisma, { batchId: "b9", orgId: "org_1", siteId: "sit_1" }),
    ).toBe("unknown");
    // Another site's batch is neither released nor discarded through this one.
    await expect(
      releaseImportBatch(prisma, { batchId: "b4", orgId: "org_1", siteId: "sit_2" }),
    ).rejects.toMatchObject({ kind: "conflict" });
    await expect(
      discardImportBatch(prisma, { batchId: "b4", orgId: "org_2", siteId: "sit_1" }, removeWidgets),
    ).rejects.toMatchObject({ kind: "conflict" });
    expect(await prisma.widget.count({ where: { id: { startsWith: "w_b4_" } } })).toBe(1);
  });

  it("is rolled back whole once released: its objects removed, announced with its events in parts", async () => {
    const keys = Array.from({ length: 5_001 }, (_, i) => `k${i}`);
    await importWidgets("b5", keys);
    const scope = { batchId: "b5", orgId: "org_1", siteId: "sit_1" };
    const rollback = (checkOnly: boolean, inUse = false) => ({
      eventType: "assets.import.rolled_back",
      actor: "usr_1",
      checkOnly,
      check: async () => {
        if (inUse) throw conflict("in use", [{ field: "batchId", message: "is in use" }]);
      },
      remove: removeWidgets,
      // What the service adds to the announcement: a field as is, a list spread like the ids.
      announce: async (_tx: unknown, _made: unknown, batch: { releasedAt: Date }) => ({
        fields: { releasedAt: batch.releasedAt.toISOString() },
        lists: { extras: ["x1", "x2", "x3"] },
      }),
    });
    // Held: never announced, so nothing to roll back.
    await expect(rollBackImportBatch(prisma, scope, rollback(false))).rejects.toMatchObject({
      kind: "conflict",
    });
    await releaseImportBatch(prisma, scope);
    const [released] = await prisma.$queryRawUnsafe<{ at: Date }[]>(
      `SELECT updated_at AS at FROM import_batches WHERE batch_id = 'b5'`,
    );
    const created: EventEnvelope[] = [];
    await createOutboxStore(prisma).claimBatch(10_000, async (rows) => void created.push(...rows));
    expect(created).toHaveLength(5_001);

    // Refused by the service's check: nothing removed, nothing announced.
    await expect(rollBackImportBatch(prisma, scope, rollback(false, true))).rejects.toMatchObject({
      kind: "conflict",
    });
    expect(await rollBackImportBatch(prisma, scope, rollback(true))).toBe("released");
    expect(await prisma.widget.count({ where: { id: { startsWith: "w_b5_" } } })).toBe(5_001);

    expect(await rollBackImportBatch(prisma, scope, rollback(false))).toBe("rolled_back");
    expect(await prisma.widget.count({ where: { id: { startsWith: "w_b5_" } } })).toBe(0);
    const announced: EventEnvelope[] = [];
    await createOutboxStore(prisma).claimBatch(100, async (rows) => void announced.push(...rows));
    // 5,001 widgets and their 5,001 events: two parts of at most 5,000 of each.
    expect(announced.map((e) => [e.type, e.data.part, e.data.parts])).toEqual([
      ["assets.import.rolled_back", 1, 2],
      ["assets.import.rolled_back", 2, 2],
    ]);
    const objects = announced.flatMap(
      (e) => (e.data.objects as { widget?: string[] }).widget ?? [],
    );
    expect(objects.sort()).toEqual(keys.map((k) => `w_b5_${k}`).sort());
    const eventIds = announced.flatMap((e) => e.data.eventIds as string[]);
    expect(eventIds.sort()).toEqual(created.map((e) => e.id).sort());
    // When the batch was released, in every part; the list where there was room (1 widget + 3).
    expect(announced.map((e) => e.data.releasedAt)).toEqual([
      released!.at.toISOString(),
      released!.at.toISOString(),
    ]);
    expect(announced.map((e) => e.data.extras)).toEqual([undefined, ["x1", "x2", "x3"]]);

    // Again: nothing more.
    expect(await rollBackImportBatch(prisma, scope, rollback(false))).toBe("rolled_back");
    expect(await published()).toEqual([]);
    await expect(releaseImportBatch(prisma, scope)).rejects.toMatchObject({ kind: "conflict" });
    expect(
      await rollBackImportBatch(
        prisma,
        { batchId: "b0", orgId: "org_1", siteId: "sit_1" },
        rollback(false),
      ),
    ).toBe("unknown");
    // Another site's batch is not rolled back through this one.
    await importWidgets("b6", ["a"]);
    await releaseImportBatch(prisma, { batchId: "b6", orgId: "org_1", siteId: "sit_1" });
    await expect(
      rollBackImportBatch(
        prisma,
        { batchId: "b6", orgId: "org_1", siteId: "sit_2" },
        rollback(false),
      ),
    ).rejects.toMatchObject({ kind: "conflict" });
  });

  it("takes events as handled, so a consumer ignores them when they arrive after a rollback", async () => {
    const [late, fresh] = [uuidv7(), uuidv7()];
    await prisma.$transaction((tx) => markHandled(tx, "reporting.events", [late]));
    await prisma.$transaction((tx) => markHandled(tx, "reporting.events", [late]));
    const ran: string[] = [];
    for (const id of [late, fresh])
      await runOnce(prisma, "reporting.events", id, async () => void ran.push(id));
    expect(ran).toEqual([fresh]);
    // Another consumer still handles it.
    expect((await runOnce(prisma, "billing.leases", late, async () => 1)).duplicate).toBe(false);
  });
});
