import type { EventEnvelope } from "@slms/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "../src/client.ts";
import { uuidv7 } from "../src/ids.ts";
import {
  discardImportBatch,
  importedObjects,
  openImportBatch,
  recordImportedRows,
  releaseImportBatch,
} from "../src/imports.ts";
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
    for (const r of rows) await tx.widget.create({ data: { id: r.objectId, name: r.rowKey } });
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
});
