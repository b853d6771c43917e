import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyMigrations } from "../src/migrations/apply.ts";
import { checkMigrations } from "../src/migrations/check.ts";
import { createMigration } from "../src/migrations/create.ts";
import { MIGRATION_LOCK_CONTENT, readMigrations } from "../src/migrations/files.ts";
import {
  adminQuery,
  fixtureMigrationsDir,
  fixtureSchemaDir,
  freshDatabase,
  messagingSchema,
} from "./support.ts";

const SCHEMA = `
generator client {
  provider = "prisma-client"
  output   = "../src/generated/prisma"
}

datasource db {
  provider = "postgresql"
}

model Gadget {
  id   String @id
  name String

  @@map("gadgets")
}
`;

describe("createMigration / checkMigrations", () => {
  let root: string;
  let schemaDir: string;
  let migrationsDir: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "slms-create-migration-"));
    schemaDir = join(root, "prisma");
    migrationsDir = join(schemaDir, "migrations");
    await mkdir(schemaDir);
    await writeFile(join(schemaDir, "schema.prisma"), SCHEMA);
    // Services include the shared tables through a symlink, never a copy.
    await symlink(messagingSchema, join(schemaDir, "messaging.prisma"));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("writes the first migration, with the shared messaging tables and the lock file", async () => {
    expect((await checkMigrations({ schemaDir, migrationsDir })).inSync).toBe(false);

    const result = await createMigration({ schemaDir, migrationsDir, name: "Init schema" });

    expect(result.created).toBe(true);
    if (!result.created) return;
    expect(result.name).toMatch(/^\d{14}_init_schema$/);
    expect(result.path).toBe(join(migrationsDir, result.name, "migration.sql"));
    const script = await readFile(result.path, "utf8");
    expect(script).toBe(result.script);
    expect(script).toContain('CREATE TABLE "gadgets"');
    expect(script).toContain('CREATE TABLE "outbox_messages"');
    expect(script).toContain('CREATE TABLE "inbox_messages"');
    expect(script).toContain('CREATE INDEX "outbox_messages_published_at_seq_idx"');
    expect(await readFile(join(migrationsDir, "migration_lock.toml"), "utf8")).toBe(
      MIGRATION_LOCK_CONTENT,
    );
    expect(await checkMigrations({ schemaDir, migrationsDir })).toEqual({ inSync: true });
    expect(await createMigration({ schemaDir, migrationsDir, name: "again" })).toEqual({
      created: false,
    });
  });

  it("detects a forgotten migration and writes the next one", async () => {
    await createMigration({ schemaDir, migrationsDir, name: "init" });
    await writeFile(
      join(schemaDir, "schema.prisma"),
      SCHEMA.replace("name String", "name String\n  colour String?"),
    );

    const drift = await checkMigrations({ schemaDir, migrationsDir });
    expect(drift.inSync).toBe(false);
    if (drift.inSync) return;
    expect(drift.missing).toMatch(/ALTER TABLE "gadgets" ADD COLUMN\s+"colour" TEXT/);
    expect(drift.message).toContain("migrate:create");

    const next = await createMigration({ schemaDir, migrationsDir, name: "gadget colour" });
    expect(next.created && next.script).toMatch(/ALTER TABLE "gadgets" ADD COLUMN\s+"colour" TEXT/);
    expect((await readMigrations(migrationsDir)).map((m) => m.name)).toEqual([
      expect.stringMatching(/_init$/),
      expect.stringMatching(/_gadget_colour$/),
    ]);
    expect(await checkMigrations({ schemaDir, migrationsDir })).toEqual({ inSync: true });

    // And the result applies to a real database.
    const db = await freshDatabase("created");
    try {
      expect(await applyMigrations({ url: db.url, migrationsDir })).toHaveLength(2);
      const cols = await adminQuery<{ column_name: string }>(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'gadgets' ORDER BY 1",
        [],
        db.url,
      );
      expect(cols.map((c) => c.column_name)).toEqual(["colour", "id", "name"]);
    } finally {
      await db.close();
    }
  });

  it("throws when a migration does not apply", async () => {
    await createMigration({ schemaDir, migrationsDir, name: "init" });
    const [first] = await readMigrations(migrationsDir);
    await writeFile(join(migrationsDir, first!.name, "migration.sql"), "CREATE TABLE (;");
    await expect(checkMigrations({ schemaDir, migrationsDir })).rejects.toThrow(
      new RegExp(first!.name),
    );
  });

  it("rejects a name without letters or digits", async () => {
    await expect(createMigration({ schemaDir, migrationsDir, name: " -- " })).rejects.toThrow(
      /must contain letters or digits/,
    );
  });

  it("finds the committed fixture migrations in sync with the fixture schema", async () => {
    expect(
      await checkMigrations({ schemaDir: fixtureSchemaDir, migrationsDir: fixtureMigrationsDir }),
    ).toEqual({ inSync: true });
  });
});
