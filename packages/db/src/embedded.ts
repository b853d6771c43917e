import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { serveWire, type WireServer } from "./embedded-wire.ts";

/**
 * Pool size for a service on the embedded database. PGlite is one single-user PostgreSQL
 * backend: the wire server (`serveWire`) hands it to one connection at a time, for a whole
 * request batch or transaction. More connections add no throughput; a few let short queries
 * queue at the server instead of in the pool.
 */
export const EMBEDDED_POOL_MAX = 4;

/** Options of {@link startEmbeddedPostgres}. */
export interface EmbeddedPostgresOptions {
  /** Where the database files live; created if missing, reused (with its data) if present. */
  dataDir: string;
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /**
   * Most simultaneous client connections (default 16). A connection beyond it is refused, so it
   * must cover every pool on this database (service pool + migrator + tools).
   */
  maxConnections?: number;
}

/** A running embedded PostgreSQL. */
export interface EmbeddedPostgres {
  /** `postgresql://postgres@127.0.0.1:<port>/postgres` (the `public` schema). */
  url: string;
  /**
   * The URL of one service's schema, as if it were a database of its own:
   * `postgresql://postgres@127.0.0.1:<port>/<schema>?schema=<schema>` — the wire server sets
   * `search_path` from the database name (raw SQL, migrations), Prisma qualifies its queries
   * from `schema` (`createPrismaClient`).
   */
  urlOf(schema: string): string;
  /** Stops accepting connections, drops open ones and closes the database (flushing it). */
  close(): Promise<void>;
}

/**
 * Starts PGlite (PostgreSQL compiled to Wasm, in this process) on `dataDir` and serves the
 * PostgreSQL wire protocol on 127.0.0.1 (`serveWire`), so services use the
 * same pg / Prisma adapter code as against a real server. For `npm start` and development; one
 * process owns a data dir at a time.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgres> {
  const dataDir = resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  const db = await PGlite.create({
    dataDir,
    // Small buffers: a single-user evaluation database; the process's memory is the budget.
    postgresqlconf: ["shared_buffers=32MB", "work_mem=4MB", "maintenance_work_mem=16MB"],
  });
  let server: WireServer;
  try {
    server = await serveWire(db, {
      host: "127.0.0.1",
      port: options.port ?? 0,
      maxConnections: options.maxConnections ?? 16,
    });
  } catch (error) {
    await db.close();
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    url: `postgresql://postgres@127.0.0.1:${server.port}/postgres`,
    urlOf: (schema) => {
      if (!/^[a-z][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`not a schema name: ${schema}`);
      return `postgresql://postgres@127.0.0.1:${server.port}/${schema}?schema=${schema}`;
    },
    close() {
      closing ??= (async () => {
        await server.close();
        await db.close();
      })();
      return closing;
    },
  };
}
