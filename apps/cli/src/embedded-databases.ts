import { existsSync } from "node:fs";
import { join } from "node:path";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "@slms/db";
import type { Logger } from "@slms/logging";
import { type ServiceName, serviceNames } from "./services.ts";

/** The embedded databases of every service: a URL each, and one close. */
export interface EmbeddedDatabases {
  urls: Record<ServiceName, string>;
  close(): Promise<void>;
}

/**
 * One embedded PostgreSQL (PGlite) under `<dataDir>/postgres` holding every service, each in a
 * schema of its own named after it — its own tables, types and migrations, no cross-service
 * queries — so the platform pays for one PostgreSQL, not one per service.
 *
 * A data directory from before (a PGlite per service, `<dataDir>/<service>/PG_VERSION`) keeps
 * working as it is: it is opened the old way, with a warning that a fresh directory is lighter.
 */
export async function openEmbeddedDatabases(
  dataDir: string,
  logger: Logger,
): Promise<EmbeddedDatabases> {
  const legacy = serviceNames.filter((name) => existsSync(join(dataDir, name, "PG_VERSION")));
  if (legacy.length > 0) {
    logger.warn(
      { dataDir, services: legacy },
      "this data directory has one embedded PostgreSQL per service (an older layout); it keeps working, but a fresh data directory starts faster and uses far less memory",
    );
    const opened: EmbeddedPostgres[] = [];
    const urls = {} as Record<ServiceName, string>;
    try {
      for (const name of serviceNames) {
        const postgres = await startEmbeddedPostgres({ dataDir: join(dataDir, name) });
        opened.push(postgres);
        urls[name] = postgres.url;
      }
    } catch (error) {
      await Promise.all(opened.map((p) => p.close()));
      throw error;
    }
    return { urls, close: async () => void (await Promise.all(opened.map((p) => p.close()))) };
  }
  const postgres = await startEmbeddedPostgres({
    dataDir: join(dataDir, "postgres"),
    // Every service's pool, the migrator and the admin tools share it.
    maxConnections: 64,
  });
  const urls = Object.fromEntries(serviceNames.map((name) => [name, postgres.urlOf(name)]));
  return { urls: urls as Record<ServiceName, string>, close: () => postgres.close() };
}
