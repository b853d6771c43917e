import { applyMigrations } from "@slms/db";
import type { Logger } from "@slms/logging";
import { dataDir, lockDataDir } from "../data-dir.ts";
import { openEmbeddedDatabases } from "../embedded-databases.ts";
import { databases, type ServiceName, serviceNames } from "../services.ts";

/**
 * Applies pending migrations of one service or all. Each service's database comes from its
 * `<SERVICE>_DATABASE_URL`; without it, the embedded database under the data directory.
 */
export async function migrate(logger: Logger, only?: string): Promise<void> {
  if (only !== undefined && !serviceNames.includes(only as ServiceName)) {
    throw new Error(
      `unknown service "${only}"; services with a database: ${serviceNames.join(", ")}`,
    );
  }
  const targets = only ? [only as ServiceName] : serviceNames;
  const embeddedTargets = targets.filter((name) => !process.env[databases[name].urlVariable]);
  for (const name of targets) {
    const { migrationsDir, urlVariable } = databases[name];
    const url = process.env[urlVariable];
    if (!url) continue;
    const applied = await applyMigrations({ url, migrationsDir });
    logger.info({ database: name, applied }, `${name}: ${applied.length} migration(s) applied`);
  }
  if (embeddedTargets.length === 0) return;
  const dir = dataDir();
  const unlock = lockDataDir(dir);
  const embedded = await openEmbeddedDatabases(dir, logger);
  try {
    for (const name of embeddedTargets) {
      const applied = await applyMigrations({
        url: embedded.urls[name],
        migrationsDir: databases[name].migrationsDir,
      });
      logger.info(
        { database: name, applied, dataDir: dir },
        `${name} (embedded): ${applied.length} migration(s) applied`,
      );
    }
  } finally {
    await embedded.close();
    unlock();
  }
}
