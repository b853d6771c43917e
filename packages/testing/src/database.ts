import { applyMigrations } from "@slms/db";
import pg from "pg";
import { slug, uniqueSuffix } from "./unique.ts";

/** Options of {@link createTestDatabase}. */
export interface TestDatabaseOptions {
  /** The service's migrations folder; all of it is applied. */
  migrationsDir: string;
  /** Part of the database name, to tell whose database it is (e.g. the test file). */
  label?: string;
}

/** A database of one's own on the machine's PostgreSQL. */
export interface TestDatabase {
  /** Connection URL of the new database. */
  url: string;
  /** Its name, `test_<label>_<unique>`. */
  name: string;
  /** Drops it, disconnecting whoever is still connected. Safe to call twice. */
  close(): Promise<void>;
}

/** Where databases are created: `DATABASE_ADMIN_URL` or the local server's `postgres`. */
export function adminDatabaseUrl(): string {
  return process.env.DATABASE_ADMIN_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminDatabaseUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Creates a fresh, uniquely named database on the local PostgreSQL and applies the migrations
 * to it (with @slms/db's applyMigrations, as a deployment does). Each test file takes its own,
 * so files run in parallel; `close()` drops it (`WITH (FORCE)`).
 *
 * @example
 * let db: TestDatabase;
 * beforeAll(async () => { db = await createTestDatabase({ migrationsDir, label: "assets" }); });
 * afterAll(() => db.close());
 */
export async function createTestDatabase(options: TestDatabaseOptions): Promise<TestDatabase> {
  const label = slug(options.label ?? "db", 30) || "db";
  const name = `test_${label}_${uniqueSuffix()}`;
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(adminDatabaseUrl());
  url.pathname = `/${name}`;
  let dropped: Promise<void> | undefined;
  const close = () => {
    dropped ??= admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    return dropped;
  };
  try {
    await applyMigrations({ url: url.toString(), migrationsDir: options.migrationsDir });
  } catch (error) {
    await close();
    throw error;
  }
  return { url: url.toString(), name, close };
}
