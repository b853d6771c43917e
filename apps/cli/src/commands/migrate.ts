import { join } from "node:path";
import { applyMigrations, startEmbeddedPostgres } from "@slms/db";
import type { Logger } from "@slms/logging";
import { dataDir, lockDataDir } from "../data-dir.ts";
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
  for (const name of targets) {
    const { migrationsDir, urlVariable } = databases[name];
    const url = process.env[urlVariable];
    if (url) {
      const applied = await applyMigrations({ url, migrationsDir });
      logger.info({ service: name, applied }, `${name}: ${applied.length} migration(s) applied`);
      continue;
    }
    const dir = dataDir();
    const unlock = lockDataDir(dir);
    const postgres = await startEmbeddedPostgres({ dataDir: join(dir, name) });
    try {
      const applied = await applyMigrations({ url: postgres.url, migrationsDir });
      logger.info(
        { service: name, applied, dataDir: dir },
        `${name} (embedded): ${applied.length} migration(s) applied`,
      );
    } finally {
      await postgres.close();
      unlock();
    }
  }
}
