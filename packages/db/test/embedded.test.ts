import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "../src/client.ts";
import {
  EMBEDDED_POOL_MAX,
  type EmbeddedPostgres,
  startEmbeddedPostgres,
} from "../src/embedded.ts";
import { uuidv7 } from "../src/ids.ts";
import { runOnce } from "../src/inbox.ts";
import { applyMigrations } from "../src/migrations/apply.ts";
import { createOutboxStore, writeOutbox } from "../src/outbox.ts";
import { fixtureMigrationsDir, PrismaClient } from "./support.ts";

let dataDir: string;
let server: EmbeddedPostgres;
let prisma: InstanceType<typeof PrismaClient>;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "slms-pglite-"));
  server = await startEmbeddedPostgres({ dataDir });
  prisma = createPrismaClient(PrismaClient, { url: server.url, poolMax: EMBEDDED_POOL_MAX });
}, 60_000);
afterAll(async () => {
  await prisma?.$disconnect();
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe("startEmbeddedPostgres", () => {
  it("serves PostgreSQL on an ephemeral 127.0.0.1 port", () => {
    expect(server.url).toMatch(/^postgresql:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    expect(server.url).not.toMatch(/:5432\//);
  });

  it("takes the migrations, once", async () => {
    expect(
      (await applyMigrations({ url: server.url, migrationsDir: fixtureMigrationsDir })).length,
    ).toBeGreaterThan(0);
    expect(await applyMigrations({ url: server.url, migrationsDir: fixtureMigrationsDir })).toEqual(
      [],
    );
    // Two migrators at once (the advisory lock is session-level and PGlite has one session, but
    // the socket server runs one migrator's transaction at a time).
    const again = await Promise.all([
      applyMigrations({ url: server.url, migrationsDir: fixtureMigrationsDir }),
      applyMigrations({ url: server.url, migrationsDir: fixtureMigrationsDir }),
    ]);
    expect(again).toEqual([[], []]);
  });

  it("runs the generated Prisma client through the pg adapter", async () => {
    await prisma.widget.create({ data: { id: "w1", name: "Widget", quantity: 2 } });
    expect(await prisma.widget.findUnique({ where: { id: "w1" } })).toMatchObject({
      name: "Widget",
      quantity: 2,
    });
  });

  it("runs interactive transactions, committing and rolling back", async () => {
    await prisma.$transaction(async (tx) => {
      await tx.widget.create({ data: { id: "w-tx", name: "in tx" } });
      await tx.widget.update({ where: { id: "w-tx" }, data: { quantity: 7 } });
    });
    await expect(
      prisma.$transaction(async (tx) => {
        await tx.widget.create({ data: { id: "w-rolled-back", name: "x" } });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect((await prisma.widget.findUnique({ where: { id: "w-tx" } }))?.quantity).toBe(7);
    expect(await prisma.widget.findUnique({ where: { id: "w-rolled-back" } })).toBeNull();
  });

  it("serves concurrent queries and transactions from a pool correctly", async () => {
    await prisma.widget.create({ data: { id: "w-counter", name: "counter" } });
    const reads = Array.from({ length: 40 }, async (_, i) => {
      const [row] = await prisma.$queryRawUnsafe<{ n: number; s: string }[]>(
        `SELECT $1::int + 1 AS n, repeat('x', $2::int) AS s`,
        i,
        i % 9,
      );
      return row!.n === i + 1 && row!.s.length === i % 9;
    });
    const increments = Array.from({ length: 20 }, () =>
      prisma.$transaction(async (tx) => {
        const w = await tx.widget.findUniqueOrThrow({ where: { id: "w-counter" } });
        await tx.widget.update({ where: { id: "w-counter" }, data: { quantity: w.quantity + 1 } });
      }),
    );
    const [readResults] = await Promise.all([Promise.all(reads), Promise.all(increments)]);
    expect(readResults.every(Boolean)).toBe(true);
    // Read-modify-write without row locks only adds up because PGlite runs one transaction at a time.
    expect((await prisma.widget.findUnique({ where: { id: "w-counter" } }))?.quantity).toBe(20);
  });

  it("keeps each connection's statements, parameters and errors to itself", async () => {
    // Extended-protocol batches from 4 connections at once, a fifth of them failing: interleaved
    // messages on the one PGlite session would bind one client's parameters to another's
    // statement, or answer one with another's rows or errors.
    const pool = new pg.Pool({ connectionString: server.url, max: 4 });
    try {
      await pool.query("CREATE TABLE IF NOT EXISTS wire_check (id int PRIMARY KEY)");
      await pool.query("INSERT INTO wire_check VALUES (1) ON CONFLICT DO NOTHING");
      const outcomes = await Promise.all(
        Array.from({ length: 300 }, async (_, i) => {
          if (i % 5 === 0) {
            return pool.query("INSERT INTO wire_check VALUES ($1)", [1]).then(
              () => "inserted",
              (error: Error) => error.message,
            );
          }
          const { rows } = await pool.query("SELECT $1::int + 1 AS n, repeat('y', $2::int) AS s", [
            i,
            2_000 + i,
          ]);
          return rows[0].n === i + 1 && rows[0].s.length === 2_000 + i ? "ok" : "wrong";
        }),
      );
      expect(outcomes.filter((o) => o === "ok")).toHaveLength(240);
      expect(new Set(outcomes.filter((o) => o !== "ok"))).toEqual(
        new Set(['duplicate key value violates unique constraint "wire_check_pkey"']),
      );
    } finally {
      await pool.end();
    }
  });

  it("rolls back what a dropped connection left open and serves the next one", async () => {
    const dropped = new pg.Client({ connectionString: server.url });
    dropped.on("error", () => undefined); // it is cut off on purpose
    await dropped.connect();
    await dropped.query("BEGIN");
    await dropped.query("INSERT INTO widgets (id, name) VALUES ('w-dropped', 'x')");
    const other = new pg.Client({ connectionString: server.url });
    try {
      // Connecting and querying wait for the backend, which the dropped client holds.
      const seen = other
        .connect()
        .then(() => other.query("SELECT count(*)::int AS n FROM widgets WHERE id = 'w-dropped'"));
      await new Promise((resolve) => setTimeout(resolve, 50));
      (
        dropped as unknown as { connection: { stream: { destroy(): void } } }
      ).connection.stream.destroy();
      expect((await seen).rows[0].n).toBe(0);
    } finally {
      await other.end();
      await dropped.end().catch(() => undefined);
    }
  });

  it("never shows one connection another's uncommitted writes", async () => {
    const a = new pg.Client({ connectionString: server.url });
    const b = new pg.Client({ connectionString: server.url });
    await Promise.all([a.connect(), b.connect()]);
    try {
      await a.query("BEGIN");
      await a.query("INSERT INTO widgets (id, name) VALUES ('w-uncommitted', 'x')");
      // Queued by the server until a's transaction ends; must not run inside it.
      const seenByB = b.query("SELECT count(*)::int AS n FROM widgets WHERE id = 'w-uncommitted'");
      await a.query("ROLLBACK");
      expect((await seenByB).rows[0].n).toBe(0);
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });

  it("runs the outbox and inbox", async () => {
    const e = {
      id: uuidv7(),
      type: "assets.widget.created",
      version: 1,
      occurredAt: new Date().toISOString(),
      orgId: "org_1",
      siteId: null,
      actor: "usr_1",
      traceparent: null,
      data: { widgetId: "w1" },
    };
    await prisma.$transaction((tx) => writeOutbox(tx, e));
    const published: string[] = [];
    const store = createOutboxStore(prisma);
    expect(
      await store.claimBatch(10, async (rows) => void published.push(...rows.map((r) => r.id))),
    ).toBe(1);
    expect(published).toEqual([e.id]);

    let runs = 0;
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        runOnce(prisma, "test.embedded", e.id, async () => {
          runs++;
        }),
      ),
    );
    expect(runs).toBe(1);
    expect(results.filter((r) => r.duplicate)).toHaveLength(4);
  });

  it("keeps each service in a schema of its own: migrations, Prisma, raw SQL, side by side", async () => {
    const urls = [server.urlOf("svc_one"), server.urlOf("svc_two")];
    for (const url of urls) {
      expect(
        (await applyMigrations({ url, migrationsDir: fixtureMigrationsDir })).length,
      ).toBeGreaterThan(0);
    }
    const [one, two] = urls.map((url) =>
      createPrismaClient(PrismaClient, { url, poolMax: EMBEDDED_POOL_MAX }),
    ) as [typeof prisma, typeof prisma];
    try {
      // Interleaved writers of both schemas (the wire server switches search_path between them).
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? one : two).$transaction(async (tx) => {
            await tx.widget.create({ data: { id: `w-${i}`, name: i % 2 ? "one" : "two" } });
            await tx.$executeRawUnsafe(
              "UPDATE widgets SET quantity = quantity + 1 WHERE id = $1",
              `w-${i}`,
            );
          }),
        ),
      );
      const names = async (client: typeof prisma) =>
        await client.$queryRawUnsafe<{ name: string; quantity: number }[]>(
          "SELECT DISTINCT name, quantity FROM widgets",
        );
      expect(await names(one)).toEqual([{ name: "one", quantity: 1 }]);
      expect(await names(two)).toEqual([{ name: "two", quantity: 1 }]);
      expect(await one.widget.count()).toBe(10);
      // The public schema (the default database) holds neither.
      expect(await prisma.widget.count({ where: { id: "w-1" } })).toBe(0);
      expect(await applyMigrations({ url: urls[0]!, migrationsDir: fixtureMigrationsDir })).toEqual(
        [],
      );
    } finally {
      await Promise.all([one.$disconnect(), two.$disconnect()]);
    }
  });

  it("refuses connections beyond maxConnections", async () => {
    const small = await startEmbeddedPostgres({
      dataDir: join(dataDir, "small"),
      maxConnections: 2,
    });
    const clients = [0, 1, 2].map(() => new pg.Client({ connectionString: small.url }));
    try {
      const results = await Promise.allSettled(clients.map((c) => c.connect()));
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
      expect(results.filter((r) => r.status === "rejected")).toHaveLength(1);
    } finally {
      await Promise.allSettled(clients.map((c) => c.end()));
      await small.close();
    }
  }, 60_000);

  it("keeps the data when the same dataDir is opened again", async () => {
    await prisma.$disconnect();
    await server.close();

    server = await startEmbeddedPostgres({ dataDir });
    prisma = createPrismaClient(PrismaClient, { url: server.url, poolMax: EMBEDDED_POOL_MAX });
    expect((await prisma.widget.findUnique({ where: { id: "w-tx" } }))?.quantity).toBe(7);
    expect(await applyMigrations({ url: server.url, migrationsDir: fixtureMigrationsDir })).toEqual(
      [],
    );
  }, 60_000);
});
