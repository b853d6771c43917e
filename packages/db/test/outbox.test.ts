import { readdir, readFile } from "node:fs/promises";
import type { EventEnvelope } from "@slms/contracts";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createPrismaClient } from "../src/client.ts";
import { nameUuid, uuidv7 } from "../src/ids.ts";
import {
  type BatchExpander,
  CLAIM_SQL,
  createOutboxStore,
  discardOutbox,
  releaseOutbox,
  writeOutbox,
} from "../src/outbox.ts";
import { deferred, freshDatabase, PrismaClient } from "./support.ts";

let db: Awaited<ReturnType<typeof freshDatabase>>;
let prisma: InstanceType<typeof PrismaClient>;
beforeAll(async () => {
  db = await freshDatabase("outbox", { migrate: true });
  prisma = createPrismaClient(PrismaClient, { url: db.url, poolMax: 6 });
});
afterEach(async () => {
  await prisma.outboxMessage.deleteMany();
});
afterAll(async () => {
  await prisma.$disconnect();
  await db.close();
});

function envelope(overrides: Partial<EventEnvelope> = {}): EventEnvelope {
  return {
    id: uuidv7(),
    type: "assets.widget.created",
    version: 1,
    occurredAt: "2026-11-24T10:15:30.123Z",
    orgId: "org_1",
    siteId: "sit_1",
    actor: "usr_1",
    traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
    data: { widgetId: "w1", nested: { quantity: 3, tags: ["a", "b"] } },
    ...overrides,
  };
}

async function collectAll(limit = 10): Promise<EventEnvelope[]> {
  const store = createOutboxStore(prisma);
  const out: EventEnvelope[] = [];
  while (
    (await store.claimBatch(limit, async (rows) => {
      out.push(...rows);
    })) > 0
  ) {}
  return out;
}

describe("writeOutbox", () => {
  it("commits events with the state change, and round-trips every field", async () => {
    const events = [envelope(), envelope({ siteId: null, traceparent: null, version: 2 })];
    await prisma.$transaction(async (tx) => {
      await tx.widget.create({ data: { id: "w-outbox", name: "Widget" } });
      await writeOutbox(tx, events);
    });
    expect(await collectAll()).toEqual(events);
  });

  it("writes nothing when the transaction rolls back", async () => {
    await expect(
      prisma.$transaction(async (tx) => {
        await writeOutbox(tx, envelope());
        throw new Error("domain rule violated");
      }),
    ).rejects.toThrow("domain rule violated");
    expect(await createOutboxStore(prisma).pendingCount()).toBe(0);
  });

  it("normalises occurredAt to UTC milliseconds", async () => {
    const e = envelope({ occurredAt: "2026-11-24T12:15:30.5+02:00" });
    await writeOutbox(prisma, e);
    const [got] = await collectAll();
    expect(got?.occurredAt).toBe("2026-11-24T10:15:30.500Z");
  });

  it("holds events from the relay until released, and drops held ones discarded", async () => {
    const kept = [envelope(), envelope()];
    const dropped = envelope();
    const plain = envelope();
    await writeOutbox(prisma, [...kept, dropped], { hold: true });
    await writeOutbox(prisma, plain);
    const store = createOutboxStore(prisma);
    expect(await store.pendingCount()).toBe(1);
    expect(await collectAll()).toEqual([plain]);

    expect(await discardOutbox(prisma, [dropped.id, plain.id])).toBe(1);
    expect(
      await releaseOutbox(
        prisma,
        kept.map((e) => e.id),
      ),
    ).toBe(2);
    expect(await store.pendingCount()).toBe(2);
    expect(await collectAll()).toEqual(kept);
    // Published: neither released again nor discarded.
    expect(
      await releaseOutbox(
        prisma,
        kept.map((e) => e.id),
      ),
    ).toBe(0);
    expect(
      await discardOutbox(
        prisma,
        kept.map((e) => e.id),
      ),
    ).toBe(0);
    expect(await prisma.outboxMessage.count()).toBe(3);
  });

  it("tells its backlog: events waiting and the age of the oldest, held ones not counted", async () => {
    const store = createOutboxStore(prisma);
    expect(await store.backlog()).toEqual({ messages: 0, oldestAgeSeconds: 0 });
    const minuteAgo = new Date(Date.now() - 60_000).toISOString();
    const now = new Date().toISOString();
    await writeOutbox(prisma, [envelope({ occurredAt: minuteAgo }), envelope({ occurredAt: now })]);
    await writeOutbox(prisma, envelope({ occurredAt: "2020-01-01T00:00:00.000Z" }), { hold: true });
    const waiting = await store.backlog();
    expect(waiting.messages).toBe(2);
    expect(waiting.oldestAgeSeconds).toBeGreaterThanOrEqual(59);
    expect(waiting.oldestAgeSeconds).toBeLessThan(600);
    await collectAll();
    expect(await store.backlog()).toEqual({ messages: 0, oldestAgeSeconds: 0 });
  });

  it("rejects an invalid envelope and writes none of the batch", async () => {
    const bad = { ...envelope(), type: "NotAType" };
    await expect(writeOutbox(prisma, [envelope(), bad])).rejects.toThrow();
    expect(await createOutboxStore(prisma).pendingCount()).toBe(0);
  });

  it("writes large batches", async () => {
    const events = Array.from({ length: 2500 }, () => envelope());
    await writeOutbox(prisma, events);
    expect(await createOutboxStore(prisma).pendingCount()).toBe(2500);
    const got = await collectAll(1000);
    expect(got.map((e) => e.id)).toEqual(events.map((e) => e.id));
  });
});

describe("createOutboxStore", () => {
  it("publishes oldest first, in batches, and stamps the rows", async () => {
    const events = Array.from({ length: 5 }, () => envelope());
    await writeOutbox(prisma, events);
    const store = createOutboxStore(prisma);
    const batches: string[][] = [];
    const publish = async (rows: EventEnvelope[]) => {
      batches.push(rows.map((r) => r.id));
    };

    expect(await store.claimBatch(2, publish)).toBe(2);
    expect(await store.claimBatch(2, publish)).toBe(2);
    expect(await store.claimBatch(2, publish)).toBe(1);
    expect(await store.claimBatch(2, publish)).toBe(0);

    expect(batches).toEqual([
      [events[0]!.id, events[1]!.id],
      [events[2]!.id, events[3]!.id],
      [events[4]!.id],
    ]);
    expect(await store.pendingCount()).toBe(0);
    const rows = await prisma.outboxMessage.findMany();
    expect(rows.every((r) => r.publishedAt instanceof Date && r.attempts === 1)).toBe(true);
  });

  it("keeps rows unpublished when publish fails, counting the attempt", async () => {
    const e = envelope();
    await writeOutbox(prisma, e);
    const store = createOutboxStore(prisma);

    await expect(
      store.claimBatch(10, async () => {
        throw new Error("broker unavailable");
      }),
    ).rejects.toThrow("broker unavailable");

    expect(await store.pendingCount()).toBe(1);
    expect(await prisma.outboxMessage.findUnique({ where: { id: e.id } })).toMatchObject({
      publishedAt: null,
      attempts: 1,
    });
    const published: string[] = [];
    expect(
      await store.claimBatch(10, async (rows) => void published.push(...rows.map((r) => r.id))),
    ).toBe(1);
    expect(published).toEqual([e.id]);
    expect(await prisma.outboxMessage.findUnique({ where: { id: e.id } })).toMatchObject({
      attempts: 2,
    });
  });

  it("gives two concurrent relays disjoint batches", async () => {
    const events = Array.from({ length: 6 }, () => envelope());
    await writeOutbox(prisma, events);
    const a = createOutboxStore(prisma);
    const b = createOutboxStore(prisma);
    const aHolding = deferred();
    const releaseA = deferred();
    const seenA: string[] = [];
    const seenB: string[] = [];

    // Relay A claims 3 rows and is still publishing them when B claims a batch.
    const relayA = a.claimBatch(3, async (rows) => {
      seenA.push(...rows.map((r) => r.id));
      aHolding.resolve();
      await releaseA.promise;
    });
    await aHolding.promise;
    expect(await b.claimBatch(10, async (rows) => void seenB.push(...rows.map((r) => r.id)))).toBe(
      3,
    );
    releaseA.resolve();
    expect(await relayA).toBe(3);

    expect(seenA).toEqual(events.slice(0, 3).map((e) => e.id));
    expect(seenB).toEqual(events.slice(3).map((e) => e.id));
    expect(await a.pendingCount()).toBe(0);
  });

  it("publishes every row exactly once with several relays racing", async () => {
    const events = Array.from({ length: 300 }, () => envelope());
    await writeOutbox(prisma, events);
    const published: string[] = [];
    const relay = async () => {
      const store = createOutboxStore(prisma);
      while (
        (await store.claimBatch(7, async (rows) => void published.push(...rows.map((r) => r.id)))) >
        0
      ) {}
    };
    await Promise.all([relay(), relay(), relay(), relay()]);
    expect(published).toHaveLength(events.length);
    expect(new Set(published)).toEqual(new Set(events.map((e) => e.id)));
  });

  it("publishes with no transaction open: publish may use the database itself, on a pool of one", async () => {
    // A consumer in the same process (the in-process bus) runs inside publish. Had the claim
    // held a transaction (and its connection) until publish returned, this would wait forever.
    const single = createPrismaClient(PrismaClient, { url: db.url, poolMax: 1 });
    try {
      await writeOutbox(single, [envelope()]);
      const published = await createOutboxStore(single).claimBatch(10, async () => {
        await single.$transaction(async (tx) => {
          await tx.widget.create({ data: { id: "w-consumer", name: "made by a consumer" } });
        });
      });
      expect(published).toBe(1);
      expect(await single.widget.count({ where: { id: "w-consumer" } })).toBe(1);
    } finally {
      await single.widget.deleteMany({ where: { id: "w-consumer" } });
      await single.$disconnect();
    }
  });

  it("lets another relay take a batch whose relay died mid-publish, once the claim expires", async () => {
    const events = [envelope(), envelope()];
    await writeOutbox(prisma, events);
    const dead = createOutboxStore(prisma, { claimMs: 200 });
    const started = deferred();
    // Never resolves: the relay "died" between claiming and stamping.
    void dead.claimBatch(10, async () => {
      started.resolve();
      await new Promise(() => {});
    });
    await started.promise;
    const other = createOutboxStore(prisma);
    expect(await other.claimBatch(10, async () => {})).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const seen: string[] = [];
    expect(
      await other.claimBatch(10, async (rows) => void seen.push(...rows.map((r) => r.id))),
    ).toBe(2);
    expect(seen).toEqual(events.map((e) => e.id));
    expect(await other.pendingCount()).toBe(0);
  });

  it("prunes published rows older than a date, never unpublished ones", async () => {
    await writeOutbox(prisma, [envelope(), envelope()]);
    const store = createOutboxStore(prisma);
    await store.claimBatch(1, async () => {});
    expect(await store.prune(new Date(Date.now() - 60_000))).toBe(0);
    expect(await store.prune(new Date(Date.now() + 60_000))).toBe(1);
    expect(await store.pendingCount()).toBe(1);
    expect(await prisma.outboxMessage.count()).toBe(1);
  });

  it("claims without reading past the published rows kept before the unpublished ones", async () => {
    // A burst of events, analysed while still waiting (as autovacuum may), then published.
    await prisma.$executeRawUnsafe(
      `INSERT INTO outbox_messages (id, type, version, occurred_at, org_id, actor, data)
       SELECT gen_random_uuid(), 'assets.widget.created', 1, now(), 'org_1', 'usr_1', '{}'
         FROM generate_series(1, 20000)`,
    );
    await prisma.$executeRawUnsafe("ANALYZE outbox_messages");
    await prisma.$executeRawUnsafe("UPDATE outbox_messages SET published_at = now()");
    const waiting = [envelope(), envelope()];
    await writeOutbox(prisma, waiting);
    // The claim's plan, executed and rolled back: how many rows did its scans read and drop?
    const removed = await prisma
      .$transaction(async (tx) => {
        const [row] = await tx.$queryRawUnsafe<{ "QUERY PLAN": unknown }[]>(
          `EXPLAIN (ANALYZE, FORMAT JSON) ${CLAIM_SQL}`,
          100,
          30,
          [],
        );
        throw Object.assign(new Error("roll back"), { plan: row!["QUERY PLAN"] });
      })
      .catch((error: { plan?: unknown }) => {
        if (!error.plan) throw error;
        return JSON.stringify(error.plan)
          .match(/"Rows Removed by Filter":\d+/g)
          ?.reduce((sum, m) => sum + Number(m.split(":")[1]), 0);
      });
    expect(removed ?? 0).toBeLessThan(100);
    expect((await collectAll(100)).map((e) => e.id)).toEqual(waiting.map((e) => e.id));
  });

  it("claims in place: a claim is a heap-only update, writing no index entry", async () => {
    await prisma.$executeRawUnsafe(
      `INSERT INTO outbox_messages (id, type, version, occurred_at, org_id, actor, data)
       SELECT gen_random_uuid(), 'assets.widget.created', 1, now(), 'org_1', 'usr_1',
              jsonb_build_object('widgetId', 'wid_' || i, 'padding', repeat('x', 300))
         FROM generate_series(1, 500) AS i`,
    );
    // The claim alone, counted by the session's statistics not flushed yet (read before and
    // after, in one transaction), then rolled back.
    const counts = await prisma
      .$transaction(async (tx) => {
        const read = async () => {
          const [row] = await tx.$queryRawUnsafe<{ updated: number; hot: number }[]>(
            `SELECT coalesce(sum(n_tup_upd), 0)::int AS updated, coalesce(sum(n_tup_hot_upd), 0)::int AS hot
               FROM pg_stat_xact_user_tables WHERE relname = 'outbox_messages'`,
          );
          return row!;
        };
        const before = await read();
        await tx.$queryRawUnsafe(CLAIM_SQL, 500, 30, []);
        const after = await read();
        const row = { updated: after.updated - before.updated, hot: after.hot - before.hot };
        throw Object.assign(new Error("roll back"), { row });
      })
      .catch((error: { row?: { updated: number; hot: number } }) => {
        if (!error.row) throw error;
        return error.row;
      });
    // Pages filled to the brim (fillfactor 100) leave no room: every claim then moves its row
    // and writes an entry in each of the outbox's three indexes.
    expect(counts).toEqual({ updated: 500, hot: 500 });
  });

  it("is claimed in place in every service: each service's migrations set the outbox's fillfactor", async () => {
    const services = new URL("../../../services/", import.meta.url);
    const withOutbox: string[] = [];
    const without: string[] = [];
    for (const service of await readdir(services)) {
      const migrations = new URL(`${service}/prisma/migrations/`, services);
      const folders = await readdir(migrations).catch(() => [] as string[]);
      const scripts = await Promise.all(
        folders
          .filter((f) => /^\d{14}_/.test(f))
          .map((f) => readFile(new URL(`${f}/migration.sql`, migrations), "utf8")),
      );
      if (!scripts.some((s) => s.includes('CREATE TABLE "outbox_messages"'))) continue;
      const set = scripts.some((s) =>
        /ALTER TABLE "outbox_messages" SET \(fillfactor = 50\)/.test(s),
      );
      (set ? withOutbox : without).push(service);
    }
    expect(without).toEqual([]);
    expect(withOutbox.length).toBeGreaterThanOrEqual(9);
  });

  it("rejects a non-positive limit", async () => {
    await expect(createOutboxStore(prisma).claimBatch(0, async () => {})).rejects.toThrow(
      RangeError,
    );
  });
});

describe("batch rows", () => {
  // A batch row stands for `count` widgets: its events are read from the database when claimed
  // (here: numbered by generate_series), each id named by what it describes.
  const widgets: BatchExpander = async (batch, sql) => {
    const rows = await sql.$queryRawUnsafe<{ n: number }[]>(
      "SELECT n::int FROM generate_series(1, $1::int) AS n",
      (batch.data as { count: number }).count,
    );
    const { prefix } = batch.data as { prefix: string };
    return rows.map(({ n }) =>
      envelope({
        id: nameUuid(`widget/${prefix}${n}`),
        occurredAt: batch.occurredAt,
        actor: batch.actor,
        traceparent: batch.traceparent,
        data: { widgetId: `${prefix}${n}` },
      }),
    );
  };
  const store = () => createOutboxStore(prisma, { batches: { "assets.widget.batch": widgets } });
  const batch = (count: number, prefix: string) =>
    envelope({ type: "assets.widget.batch", data: { count, prefix } });
  const claim = async (limit: number) => {
    const out: EventEnvelope[] = [];
    const published = await store().claimBatch(limit, async (events) => {
      expect(events.length).toBeLessThanOrEqual(limit);
      out.push(...events);
    });
    expect(published).toBe(out.length);
    return out.map((e) => (e.data as { widgetId: string }).widgetId);
  };

  it("publishes a batch row as its events, in order among the other rows, and counts them as waiting", async () => {
    await writeOutbox(prisma, [
      envelope({ data: { widgetId: "a" } }),
      batch(3, "b"),
      envelope({ data: { widgetId: "c" } }),
    ]);
    expect(await store().pendingCount()).toBe(5);
    expect((await store().backlog()).messages).toBe(5);
    // A store that knows no batch rows counts rows.
    expect(await createOutboxStore(prisma).pendingCount()).toBe(3);
    expect(await claim(10)).toEqual(["a", "b1", "b2", "b3", "c"]);
    expect(await store().pendingCount()).toBe(0);
    expect(await prisma.outboxMessage.count({ where: { publishedAt: null } })).toBe(0);
  });

  it("claims no more events than the limit: a batch row that would pass it waits; a first row larger than the limit goes alone", async () => {
    await writeOutbox(prisma, [
      envelope({ data: { widgetId: "a" } }),
      batch(3, "b"),
      batch(1, "c"),
      envelope({ data: { widgetId: "d" } }),
    ]);
    expect(await claim(2)).toEqual(["a"]);
    // Handed to publish two at a time.
    expect(await claim(2)).toEqual(["b1", "b2", "b3"]);
    expect(await claim(2)).toEqual(["c1", "d"]);
    expect(await claim(2)).toEqual([]);
  });

  it("expands a batch again, with the same event ids, when publishing part of it failed", async () => {
    await writeOutbox(prisma, batch(3, "x"));
    const first: EventEnvelope[] = [];
    // Two at a time: the first two go out, the broker fails on the third.
    await expect(
      store().claimBatch(2, async (events) => {
        if (first.length > 0) throw new Error("broker down");
        first.push(...events);
      }),
    ).rejects.toThrow("broker down");
    const row = await prisma.outboxMessage.findFirstOrThrow();
    expect(row).toMatchObject({ publishedAt: null, claimedUntil: null, attempts: 1 });
    const second: EventEnvelope[] = [];
    await store().claimBatch(10, async (events) => void second.push(...events));
    expect(second.map((e) => e.id)).toEqual([
      nameUuid("widget/x1"),
      nameUuid("widget/x2"),
      nameUuid("widget/x3"),
    ]);
    expect(first.map((e) => e.id)).toEqual(second.slice(0, 2).map((e) => e.id));
  });

  it("keeps a batch row unpublished when expanding it fails, counting the attempt", async () => {
    await writeOutbox(prisma, batch(2, "y"));
    const failing = createOutboxStore(prisma, {
      batches: {
        "assets.widget.batch": async () => {
          throw new Error("cannot read the batch");
        },
      },
    });
    const publish = vi.fn(async () => {});
    await expect(failing.claimBatch(10, publish)).rejects.toThrow("cannot read the batch");
    expect(publish).not.toHaveBeenCalled();
    expect(await prisma.outboxMessage.findFirstOrThrow()).toMatchObject({
      publishedAt: null,
      claimedUntil: null,
      attempts: 1,
    });
    expect(await claim(10)).toEqual(["y1", "y2"]);
  });
});
