import { randomUUID } from "node:crypto";
import pg from "pg";
import { checksumMatches, type MigrationFile, readMigrations } from "./files.ts";
import { pgConfigFromUrl, redactUrl } from "./pg-config.ts";

/** The advisory lock key Prisma Migrate takes, so our applier and Prisma exclude each other. */
export const PRISMA_MIGRATE_LOCK_KEY = 72707369;

/** Prisma's migrations table, created exactly as Prisma creates it. */
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/** Structured logger; a pino `Logger` fits. */
export interface MigrationLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/** Options of {@link applyMigrations}. */
export interface ApplyMigrationsOptions {
  /** The database to migrate. */
  url: string;
  /** The service's migrations folder (`<timestamp>_<name>/migration.sql` entries). */
  migrationsDir: string;
  logger?: MigrationLogger;
}

/** Thrown when the history in the database forbids applying anything. */
export class MigrationHistoryError extends Error {
  override name = "MigrationHistoryError";
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
}

/**
 * Applies the pending migrations of a folder, in name order, each in its own transaction, and
 * records each in `_prisma_migrations` as Prisma Migrate does, so `prisma migrate deploy` keeps
 * working on the same database. Holds Prisma's advisory lock for the whole run, so concurrent
 * migrators (several replicas starting, or Prisma itself) apply each migration once. Idempotent.
 *
 * Refuses (MigrationHistoryError, nothing applied) when a recorded migration failed and was not
 * marked rolled back, or when an applied migration's file no longer matches its checksum.
 * A migration that fails is rolled back entirely, recorded as failed (`finished_at` null, error in
 * `logs`) and rethrown; see {@link markMigrationRolledBack}.
 *
 * @returns the names of the migrations applied by this call.
 */
export async function applyMigrations(options: ApplyMigrationsOptions): Promise<string[]> {
  const migrations = await readMigrations(options.migrationsDir);
  const client = new pg.Client({
    ...pgConfigFromUrl(options.url),
    application_name: "slms-migrate",
  });
  await client.connect();
  try {
    const schema = new URL(options.url).searchParams.get("schema");
    if (schema) {
      // A service kept in a schema of a shared database (embedded mode): its tables and its
      // `_prisma_migrations` live there.
      const quoted = `"${schema.replaceAll('"', '""')}"`;
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
      await client.query(`SET search_path TO ${quoted}`);
    }
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK_KEY]);
    try {
      await client.query(CREATE_MIGRATIONS_TABLE);
      const pending = await pendingMigrations(client, migrations, options);
      const applied: string[] = [];
      for (const migration of pending) {
        await applyOne(client, migration);
        options.logger?.info({ migration: migration.name }, "migration applied");
        applied.push(migration.name);
      }
      return applied;
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}

async function pendingMigrations(
  client: pg.Client,
  migrations: MigrationFile[],
  options: ApplyMigrationsOptions,
): Promise<MigrationFile[]> {
  const { rows } = await client.query<AppliedRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at, logs
       FROM "_prisma_migrations" ORDER BY started_at`,
  );
  const live = rows.filter((r) => r.rolled_back_at === null);

  const failed = live.filter((r) => r.finished_at === null);
  if (failed.length > 0) {
    const names = failed.map((r) => r.migration_name).join(", ");
    throw new MigrationHistoryError(
      `Migration(s) ${names} failed on ${redactUrl(options.url)} and were not marked rolled back; ` +
        "no migration was applied. Error recorded: " +
        `${failed[0]?.logs ?? "(none)"}\nFix the migration and the database, then run ` +
        `\`node packages/db/src/cli.ts migrate:resolve <schemaDir> --rolled-back <name>\` ` +
        "(or `prisma migrate resolve --rolled-back <name>`).",
    );
  }

  const byName = new Map(migrations.map((m) => [m.name, m]));
  const appliedNames = new Set<string>();
  for (const row of live) {
    appliedNames.add(row.migration_name);
    const file = byName.get(row.migration_name);
    if (!file) {
      options.logger?.warn(
        { migration: row.migration_name },
        "migration recorded in the database is missing from the migrations folder",
      );
    } else if (!checksumMatches(file.script, row.checksum)) {
      throw new MigrationHistoryError(
        `Migration ${row.migration_name} was modified after it was applied to ` +
          `${redactUrl(options.url)} (checksum mismatch); no migration was applied. ` +
          "Restore the original migration.sql and put the change in a new migration.",
      );
    }
  }
  return migrations.filter((m) => !appliedNames.has(m.name));
}

async function applyOne(client: pg.Client, migration: MigrationFile): Promise<void> {
  const id = randomUUID();
  try {
    await client.query("BEGIN");
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
       VALUES ($1, $2, $3, clock_timestamp(), 0)`,
      [id, migration.checksum, migration.name],
    );
    // No parameters: the simple query protocol runs the multi-statement script as is.
    await client.query(migration.script);
    await client.query(
      `UPDATE "_prisma_migrations"
          SET finished_at = clock_timestamp(), applied_steps_count = applied_steps_count + 1
        WHERE id = $1`,
      [id],
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    const message = error instanceof Error ? error.message : String(error);
    // Recorded like a failed `prisma migrate deploy`, so every migrator refuses until resolved.
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs, started_at, applied_steps_count)
       VALUES ($1, $2, $3, $4, clock_timestamp(), 0)`,
      [id, migration.checksum, migration.name, message],
    );
    throw new Error(
      `Migration ${migration.name} failed and was rolled back (nothing of it is applied): ${message}`,
      { cause: error },
    );
  }
}

/**
 * Marks a failed migration as rolled back (`prisma migrate resolve --rolled-back <name>`), so the
 * next {@link applyMigrations} runs it again. Our applier runs each migration in a transaction,
 * so a failed one left nothing behind; one that failed under Prisma may have, check first.
 * @returns whether a failed row was found and marked.
 */
export async function markMigrationRolledBack(options: {
  url: string;
  migrationName: string;
}): Promise<boolean> {
  const client = new pg.Client(pgConfigFromUrl(options.url));
  await client.connect();
  try {
    const result = await client.query(
      `UPDATE "_prisma_migrations" SET rolled_back_at = now()
        WHERE migration_name = $1 AND finished_at IS NULL AND rolled_back_at IS NULL`,
      [options.migrationName],
    );
    return (result.rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}
