import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  applyMigrations,
  MigrationHistoryError,
  markMigrationRolledBack,
} from "../src/migrations/apply.ts";
import { withSchemaEngine } from "../src/migrations/engine.ts";
import { migrationChecksum, readMigrations } from "../src/migrations/files.ts";
import {
  adminQuery,
  adminUrl,
  fixtureMigrationsDir,
  fixtureSchemaDir,
  freshDatabase,
} from "./support.ts";

type Db = Awaited<ReturnType<typeof freshDatabase>>;
const opened: Db[] = [];
async function db(label: string): Promise<Db> {
  const d = await freshDatabase(label);
  opened.push(d);
  return d;
}
afterAll(async () => {
  await Promise.all(opened.map((d) => d.close()));
});

interface Row {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}
const history = (url: string) =>
  adminQuery<Row>(
    'SELECT * FROM "_prisma_migrations" ORDER BY started_at, migration_name',
    [],
    url,
  );
const tables = async (url: string) =>
  (
    await adminQuery<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
      [],
      url,
    )
  ).map((r) => r.tablename);

describe("applyMigrations", () => {
  it("applies the migrations and records them as Prisma does", async () => {
    const { url } = await db("apply");
    const local = await readMigrations(fixtureMigrationsDir);

    const applied = await applyMigrations({ url, migrationsDir: fixtureMigrationsDir });

    expect(applied).toEqual(local.map((m) => m.name));
    expect(await tables(url)).toEqual([
      "_prisma_migrations",
      "import_batches",
      "import_rows",
      "inbox_messages",
      "outbox_messages",
      "widgets",
    ]);
    const rows = await history(url);
    expect(rows).toHaveLength(local.length);
    for (const [i, row] of rows.entries()) {
      const file = local[i]!;
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.migration_name).toBe(file.name);
      expect(row.checksum).toBe(migrationChecksum(file.script));
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row.logs).toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
  });

  it("is idempotent", async () => {
    const { url } = await db("idem");
    await applyMigrations({ url, migrationsDir: fixtureMigrationsDir });
    const before = await history(url);
    expect(await applyMigrations({ url, migrationsDir: fixtureMigrationsDir })).toEqual([]);
    expect(await history(url)).toEqual(before);
  });

  it("applies each migration once when several migrators race", async () => {
    const { url } = await db("race");
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        applyMigrations({ url, migrationsDir: fixtureMigrationsDir }),
      ),
    );
    const local = await readMigrations(fixtureMigrationsDir);
    expect(results.flat().sort()).toEqual(local.map((m) => m.name).sort());
    expect(await history(url)).toHaveLength(local.length);
  });

  it("leaves a history the Prisma schema engine accepts as its own", async () => {
    const { url } = await db("compat");
    await applyMigrations({ url, migrationsDir: fixtureMigrationsDir });
    const diagnosis = await withSchemaEngine(
      { schemaDir: fixtureSchemaDir, migrationsDir: fixtureMigrationsDir, adminUrl, mainUrl: url },
      async ({ engine, migrationsList, filters }) => {
        const diagnostic = await engine.diagnoseMigrationHistory({
          migrationsList,
          optInToShadowDatabase: false,
          filters,
        });
        const deploy = await engine.applyMigrations({ migrationsList, filters });
        return { diagnostic, deploy };
      },
    );
    expect(diagnosis.diagnostic).toEqual({
      editedMigrationNames: [],
      failedMigrationNames: [],
      hasMigrationsTable: true,
      history: null,
    });
    // Prisma's own `migrate deploy` logic finds nothing left to apply.
    expect(diagnosis.deploy.appliedMigrationNames).toEqual([]);
  });

  it("accepts a history written by the Prisma schema engine", async () => {
    const { url } = await db("prisma");
    const deploy = await withSchemaEngine(
      { schemaDir: fixtureSchemaDir, migrationsDir: fixtureMigrationsDir, adminUrl, mainUrl: url },
      ({ engine, migrationsList, filters }) => engine.applyMigrations({ migrationsList, filters }),
    );
    expect(deploy.appliedMigrationNames.length).toBeGreaterThan(0);
    expect(await applyMigrations({ url, migrationsDir: fixtureMigrationsDir })).toEqual([]);
  });
});

describe("applyMigrations refusals", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "slms-migrations-"));
    await cp(fixtureMigrationsDir, dir, { recursive: true });
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const addMigration = async (name: string, script: string) => {
    await mkdir(join(dir, name), { recursive: true });
    await writeFile(join(dir, name, "migration.sql"), script);
  };

  it("refuses when an applied migration was edited, applying nothing", async () => {
    const { url } = await db("edited");
    await applyMigrations({ url, migrationsDir: dir });
    const [first] = await readMigrations(dir);
    await writeFile(join(dir, first!.name, "migration.sql"), `${first!.script}\n-- edited\n`);
    await addMigration("29990101000000_later", "CREATE TABLE later (id int);");

    await expect(applyMigrations({ url, migrationsDir: dir })).rejects.toThrow(
      new RegExp(`Migration ${first!.name} was modified after it was applied`),
    );
    await expect(applyMigrations({ url, migrationsDir: dir })).rejects.toBeInstanceOf(
      MigrationHistoryError,
    );
    expect(await tables(url)).not.toContain("later");
  });

  it("still matches a migration whose line endings changed", async () => {
    const { url } = await db("crlf");
    await applyMigrations({ url, migrationsDir: dir });
    const [first] = await readMigrations(dir);
    await writeFile(
      join(dir, first!.name, "migration.sql"),
      first!.script.replaceAll("\n", "\r\n"),
    );
    expect(await applyMigrations({ url, migrationsDir: dir })).toEqual([]);
  });

  it("rolls a failing migration back whole, records it, refuses until resolved", async () => {
    const { url } = await db("failed");
    const broken = "29990101000000_broken";
    await addMigration(
      broken,
      "CREATE TABLE half_done (id int);\nINSERT INTO no_such_table VALUES (1);\n",
    );

    await expect(applyMigrations({ url, migrationsDir: dir })).rejects.toThrow(
      /Migration 29990101000000_broken failed and was rolled back.*no_such_table/,
    );
    // The good migrations before it are applied; nothing of the broken one is.
    expect(await tables(url)).toContain("widgets");
    expect(await tables(url)).not.toContain("half_done");
    const failed = (await history(url)).filter((r) => r.migration_name === broken);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.finished_at).toBeNull();
    expect(failed[0]!.rolled_back_at).toBeNull();
    expect(failed[0]!.logs).toMatch(/no_such_table/);

    await expect(applyMigrations({ url, migrationsDir: dir })).rejects.toThrow(
      /29990101000000_broken failed .* not marked rolled back/s,
    );

    await writeFile(join(dir, broken, "migration.sql"), "CREATE TABLE half_done (id int);\n");
    expect(await markMigrationRolledBack({ url, migrationName: broken })).toBe(true);
    expect(await markMigrationRolledBack({ url, migrationName: broken })).toBe(false);
    expect(await applyMigrations({ url, migrationsDir: dir })).toEqual([broken]);
    expect(await tables(url)).toContain("half_done");
  });

  it("warns about, but tolerates, applied migrations missing from the folder", async () => {
    const { url } = await db("missing");
    await addMigration("29990101000000_extra", "CREATE TABLE extra (id int);");
    await applyMigrations({ url, migrationsDir: dir });
    await rm(join(dir, "29990101000000_extra"), { recursive: true });
    const warnings: unknown[] = [];
    const logger = {
      info: () => {},
      warn: (fields: Record<string, unknown>) => warnings.push(fields),
    };
    expect(await applyMigrations({ url, migrationsDir: dir, logger })).toEqual([]);
    expect(warnings).toEqual([{ migration: "29990101000000_extra" }]);
  });

  it("rejects a migration folder without migration.sql", async () => {
    const { url } = await db("nosql");
    await mkdir(join(dir, "29990101000000_empty"));
    await expect(applyMigrations({ url, migrationsDir: dir })).rejects.toThrow(
      /has no migration.sql/,
    );
  });
});
