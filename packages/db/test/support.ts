/**
 * Helpers for @slms/db's own integration tests. (@slms/testing builds on @slms/db, so these tests
 * cannot use it without a dependency cycle; this is the same idea in a few lines.)
 */
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { applyMigrations } from "../src/migrations/apply.ts";
import { withDatabase } from "../src/migrations/pg-config.ts";
import { PrismaClient } from "./fixture/src/generated/prisma/client.ts";

export { PrismaClient };

export const adminUrl =
  process.env.DATABASE_ADMIN_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
export const fixtureSchemaDir = fileURLToPath(new URL("./fixture/prisma", import.meta.url));
export const fixtureMigrationsDir = fileURLToPath(
  new URL("./fixture/prisma/migrations", import.meta.url),
);
export const messagingSchema = fileURLToPath(
  new URL("../prisma/messaging.prisma", import.meta.url),
);

export async function adminQuery<R extends pg.QueryResultRow = pg.QueryResultRow>(
  sql: string,
  values: unknown[] = [],
  url = adminUrl,
): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** A fresh empty database; `migrate` applies the fixture migrations. */
export async function freshDatabase(
  label: string,
  opts: { migrate?: boolean } = {},
): Promise<{ url: string; name: string; close(): Promise<void> }> {
  const name = `slms_dbtest_${label}_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = withDatabase(adminUrl, name);
  if (opts.migrate) await applyMigrations({ url, migrationsDir: fixtureMigrationsDir });
  return {
    url,
    name,
    close: async () => {
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

/** Polls `condition` until it holds or `timeoutMs` passes. */
export async function until(
  condition: () => Promise<boolean> | boolean,
  what: string,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A promise with its resolve function, to make concurrent steps meet. */
export function deferred<T = void>(): { promise: Promise<T>; resolve(value: T): void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
