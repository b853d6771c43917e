import { fileURLToPath } from "node:url";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { adminDatabaseUrl, createTestDatabase } from "../src/database.ts";

const migrationsDir = fileURLToPath(new URL("./fixture/migrations", import.meta.url));

async function query<R extends pg.QueryResultRow>(
  url: string,
  sql: string,
  values: unknown[] = [],
) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql, values)).rows;
  } finally {
    await client.end();
  }
}
const exists = async (name: string) =>
  (await query(adminDatabaseUrl(), "SELECT 1 FROM pg_database WHERE datname = $1", [name])).length >
  0;

describe("createTestDatabase", () => {
  it("creates a migrated database of one's own and drops it on close", async () => {
    const db = await createTestDatabase({ migrationsDir, label: "Database Test!" });
    try {
      expect(db.name).toMatch(/^test_database_test_[a-z0-9]+$/);
      expect(db.url).toMatch(new RegExp(`/${db.name}$`));
      expect(await exists(db.name)).toBe(true);
      const columns = await query<{ column_name: string }>(
        db.url,
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'things' ORDER BY 1",
      );
      expect(columns.map((c) => c.column_name)).toEqual(["id", "name", "notes"]);
      const history = await query<{ migration_name: string }>(
        db.url,
        'SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name',
      );
      expect(history.map((h) => h.migration_name)).toEqual([
        "20260101000000_init",
        "20260102000000_notes",
      ]);
    } finally {
      await db.close();
    }
    expect(await exists(db.name)).toBe(false);
    await db.close();
  });

  it("gives parallel callers distinct databases", async () => {
    const dbs = await Promise.all(
      Array.from({ length: 4 }, () => createTestDatabase({ migrationsDir })),
    );
    try {
      expect(new Set(dbs.map((d) => d.name)).size).toBe(4);
      await query(dbs[0]!.url, "INSERT INTO things (id, name) VALUES ('a', 'only here')");
      const counts = await Promise.all(
        dbs.map(
          async (d) =>
            (await query<{ n: number }>(d.url, "SELECT count(*)::int AS n FROM things"))[0]!.n,
        ),
      );
      expect(counts).toEqual([1, 0, 0, 0]);
    } finally {
      await Promise.all(dbs.map((d) => d.close()));
    }
  });

  it("drops the database even while connections are open", async () => {
    const db = await createTestDatabase({ migrationsDir, label: "open" });
    const client = new pg.Client({ connectionString: db.url });
    client.on("error", () => {});
    await client.connect();
    await db.close();
    expect(await exists(db.name)).toBe(false);
    await client.end().catch(() => {});
  });

  it("drops the database again when a migration fails", async () => {
    const broken = fileURLToPath(new URL("./fixture/broken-migrations", import.meta.url));
    const before = await query<{ datname: string }>(
      adminDatabaseUrl(),
      "SELECT datname FROM pg_database WHERE datname LIKE 'test_broken_%'",
    );
    await expect(createTestDatabase({ migrationsDir: broken, label: "broken" })).rejects.toThrow(
      /no_such_table/,
    );
    const after = await query<{ datname: string }>(
      adminDatabaseUrl(),
      "SELECT datname FROM pg_database WHERE datname LIKE 'test_broken_%'",
    );
    expect(after).toEqual(before);
  });
});
