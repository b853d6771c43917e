import { defaultAdminUrl } from "./admin-url.ts";
import { diffMigrationsToSchema } from "./diff.ts";

/** Options of {@link checkMigrations}. */
export interface CheckMigrationsOptions {
  /** The service's Prisma schema folder (or single file). */
  schemaDir: string;
  /** Its migrations folder. */
  migrationsDir: string;
  /** Server for the temporary shadow database (default as for createMigration). */
  adminUrl?: string;
}

/** What {@link checkMigrations} found. */
export type CheckMigrationsResult =
  | { inSync: true }
  | {
      inSync: false;
      /** The SQL a new migration would hold. */
      missing: string;
      /** A message to fail a test or a CI step with. */
      message: string;
    };

/**
 * Replays the migrations on a temporary shadow database and compares the result with the
 * schema. `inSync: false` means someone changed the schema without creating a migration (or
 * edited a migration so it no longer matches the schema). A migration that does not apply at all
 * makes it throw. Services call it in a test:
 *
 * @example
 * it("has a migration for every schema change", async () => {
 *   const result = await checkMigrations({ schemaDir, migrationsDir });
 *   expect(result.inSync ? "" : result.message).toBe("");
 * });
 */
export async function checkMigrations(
  options: CheckMigrationsOptions,
): Promise<CheckMigrationsResult> {
  const missing = await diffMigrationsToSchema({
    schemaDir: options.schemaDir,
    migrationsDir: options.migrationsDir,
    adminUrl: options.adminUrl ?? defaultAdminUrl(),
  });
  if (missing === "") return { inSync: true };
  return {
    inSync: false,
    missing,
    message:
      `The Prisma schema in ${options.schemaDir} has changes that no migration in ` +
      `${options.migrationsDir} creates. Run\n` +
      `  node packages/db/src/cli.ts migrate:create ${options.schemaDir} <name>\n` +
      `to write one. It would contain:\n${missing}`,
  };
}
