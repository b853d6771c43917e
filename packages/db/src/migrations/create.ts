import { access, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { defaultAdminUrl } from "./admin-url.ts";
import { diffMigrationsToSchema } from "./diff.ts";
import {
  MIGRATION_LOCK,
  MIGRATION_LOCK_CONTENT,
  MIGRATION_SCRIPT,
  readMigrations,
} from "./files.ts";

/** Options of {@link createMigration}. */
export interface CreateMigrationOptions {
  /** The service's Prisma schema folder (or single file), e.g. `services/assets/prisma`. */
  schemaDir: string;
  /** Its migrations folder, e.g. `services/assets/prisma/migrations`. */
  migrationsDir: string;
  /** What the migration does, e.g. `add_unit_floor`; lowercased and snake_cased. */
  name: string;
  /**
   * A PostgreSQL server where temporary databases may be created and dropped (default
   * `DATABASE_ADMIN_URL`, else `postgresql://postgres@127.0.0.1:5432/postgres`).
   */
  adminUrl?: string;
  /** The clock, for tests. */
  now?: Date;
}

/** What {@link createMigration} did. */
export type CreateMigrationResult =
  | { created: true; name: string; path: string; script: string }
  | { created: false };

/**
 * Writes the next migration, `<migrationsDir>/<yyyyMMddHHmmss>_<name>/migration.sql` (and
 * `migration_lock.toml` if missing), holding the SQL that takes a database from the existing
 * migrations to the schema — what `prisma migrate dev --create-only` writes. It runs offline
 * through the Wasm schema engine, replaying the migrations on a temporary shadow database.
 * Nothing is written when the schema and the migrations already agree.
 */
export async function createMigration(
  options: CreateMigrationOptions,
): Promise<CreateMigrationResult> {
  const slug = options.name
    .trim()
    .toLowerCase()
    .replaceAll(/[^a-z0-9]+/g, "_")
    .replaceAll(/^_+|_+$/g, "");
  if (slug === "") {
    throw new Error(`migration name must contain letters or digits: "${options.name}"`);
  }

  const script = await diffMigrationsToSchema({
    schemaDir: options.schemaDir,
    migrationsDir: options.migrationsDir,
    adminUrl: options.adminUrl ?? defaultAdminUrl(),
  });
  if (script === "") return { created: false };

  const existing = await readMigrations(options.migrationsDir);
  const name = `${nextTimestamp(options.now ?? new Date(), existing.at(-1)?.name)}_${slug}`;
  const dir = join(options.migrationsDir, name);
  await mkdir(dir, { recursive: true });
  const path = join(dir, MIGRATION_SCRIPT);
  await writeFile(path, script, { flag: "wx" });
  const lock = join(options.migrationsDir, MIGRATION_LOCK);
  const hasLock = await access(lock).then(
    () => true,
    () => false,
  );
  if (!hasLock) await writeFile(lock, MIGRATION_LOCK_CONTENT);
  return { created: true, name, path, script };
}

/** `yyyyMMddHHmmss` in UTC (Prisma's prefix), later than the last migration's prefix. */
export function nextTimestamp(now: Date, lastName: string | undefined): string {
  const format = (d: Date): string =>
    d
      .toISOString()
      .replaceAll(/[^0-9]/g, "")
      .slice(0, 14);
  let stamp = format(now);
  const last = lastName?.slice(0, 14);
  if (last && /^\d{14}$/.test(last) && stamp <= last) {
    const parsed = new Date(
      `${last.slice(0, 4)}-${last.slice(4, 6)}-${last.slice(6, 8)}T${last.slice(8, 10)}:${last.slice(10, 12)}:${last.slice(12, 14)}Z`,
    );
    stamp = format(new Date(parsed.getTime() + 1000));
  }
  return stamp;
}
