import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";
import pg from "pg";
import {
  MIGRATION_LOCK,
  MIGRATION_LOCK_CONTENT,
  readMigrations,
  readSchemaFiles,
  type SchemaFile,
} from "./files.ts";
import { pgConfigFromUrl, quoteIdent } from "./pg-config.ts";

type SchemaEngineClass = typeof SchemaEngine;
type MigrationList = Parameters<SchemaEngine["createMigration"]>[0]["migrationsList"];

let engineClass: Promise<SchemaEngineClass> | undefined;

/** The slice of the global WebAssembly API used here (the project's lib settings omit it). */
function wasmApi(): {
  instantiate(
    bytes: Uint8Array,
    imports: Record<string, object>,
  ): Promise<{ instance: { exports: Record<string, unknown> } }>;
} {
  return (globalThis as unknown as { WebAssembly: ReturnType<typeof wasmApi> }).WebAssembly;
}

/**
 * Loads `@prisma/schema-engine-wasm` by instantiating its .wasm by hand instead of through the
 * package's `import * as wasm from "./x.wasm"` entry: no experimental ESM-wasm loader (and no
 * warning) is needed, and it works under any test runner.
 */
function loadSchemaEngine(): Promise<SchemaEngineClass> {
  engineClass ??= (async () => {
    const require = createRequire(import.meta.url);
    const pkgDir = dirname(require.resolve("@prisma/schema-engine-wasm"));
    const bindings = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    const bytes = await readFile(join(pkgDir, "schema_engine_bg.wasm"));
    const { instance } = await wasmApi().instantiate(bytes, { "./schema_engine_bg.js": bindings });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bindings.SchemaEngine;
  })();
  return engineClass;
}

/** PostgreSQL's internal one-byte `"char"` type, and `text`. */
const CHAR_OID = 18;
const TEXT_OID = 25;

interface QueryResultFields {
  fields: { dataTypeID: number }[];
}
interface PerformsIO {
  performIO(query: unknown): Promise<QueryResultFields>;
  startTransaction(...args: unknown[]): Promise<unknown>;
}

/**
 * The schema engine describes a database through catalog columns of type `"char"` (relkind,
 * contype, …), which `@prisma/adapter-pg` refuses as an unsupported column type. pg already
 * returns them as one-character strings, so the adapter (and its transactions) are told they are
 * `text`.
 */
function readCharColumnsAsText(adapter: object): void {
  const patch = (target: PerformsIO): void => {
    const performIO = target.performIO.bind(target);
    target.performIO = async (query) => {
      const result = await performIO(query);
      for (const field of result.fields) {
        if (field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
      }
      return result;
    };
  };
  const queryable = adapter as PerformsIO;
  patch(queryable);
  const startTransaction = queryable.startTransaction.bind(queryable);
  queryable.startTransaction = async (...args) => {
    const tx = await startTransaction(...args);
    patch(tx as PerformsIO);
    return tx;
  };
}

/** Everything the developer commands need to run the schema engine against a server. */
export interface EngineRun {
  engine: SchemaEngine;
  schema: { files: SchemaFile[] };
  migrationsList: MigrationList;
  filters: { externalTables: string[]; externalEnums: string[] };
}

/**
 * Runs `fn` with a schema engine for a schema folder and its migrations. The engine's "main"
 * database is a throwaway database created on the server of `adminUrl`, and every shadow
 * database it asks for is created there too; all are dropped (`WITH (FORCE)`) afterwards, so the
 * developer's own databases are never touched.
 */
export async function withSchemaEngine<T>(
  args: {
    schemaDir: string;
    migrationsDir: string;
    adminUrl: string;
    /** Use this existing database as the engine's main database instead of a throwaway one. */
    mainUrl?: string;
  },
  fn: (run: EngineRun) => Promise<T>,
): Promise<T> {
  const SchemaEngineClass = await loadSchemaEngine();
  const files = await readSchemaFiles(args.schemaDir);
  const migrations = await readMigrations(args.migrationsDir);
  // Every SLMS schema is PostgreSQL; a folder without its lock file yet (the first migration)
  // is read as if it had the one createMigration writes.
  const lockContent = await readFile(join(args.migrationsDir, MIGRATION_LOCK), "utf8").catch(
    () => MIGRATION_LOCK_CONTENT,
  );
  const migrationsList: MigrationList = {
    baseDir: args.migrationsDir,
    lockfile: { path: MIGRATION_LOCK, content: lockContent },
    shadowDbInitScript: "",
    migrationDirectories: migrations.map((m) => ({
      path: m.name,
      migrationFile: { path: "migration.sql", content: { tag: "ok", value: m.script } },
    })),
  };

  const admin = new pg.Client(pgConfigFromUrl(args.adminUrl));
  await admin.connect();
  const created: string[] = [];
  const adapters: SqlDriverAdapter[] = [];

  const createDatabase = async (kind: string): Promise<string> => {
    const name = `slms_${kind}_${randomUUID().replaceAll("-", "")}`;
    await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
    created.push(name);
    return name;
  };
  const connectTo = async (database: string, url = args.adminUrl): Promise<SqlDriverAdapter> => {
    const adapter = await new PrismaPg({ ...pgConfigFromUrl(url), database, max: 2 }).connect();
    readCharColumnsAsText(adapter);
    // Dispose is called by the engine and again by the cleanup below; end the pool once.
    const dispose = adapter.dispose.bind(adapter);
    let disposed: Promise<void> | undefined;
    adapter.dispose = () => {
      disposed ??= dispose();
      return disposed;
    };
    adapters.push(adapter);
    return adapter;
  };

  try {
    const main = args.mainUrl
      ? { url: args.mainUrl, database: pgConfigFromUrl(args.mainUrl).database }
      : { url: args.adminUrl, database: await createDatabase("migrate") };
    const factory: SqlMigrationAwareDriverAdapterFactory = {
      provider: "postgres",
      adapterName: "@prisma/adapter-pg",
      connect: () => connectTo(main.database, main.url),
      connectToShadowDb: async () => connectTo(await createDatabase("shadow")),
    };
    const engine = await SchemaEngineClass.new(
      { datamodels: files.map((f) => [f.path, f.content]) },
      () => {},
      bindMigrationAwareSqlAdapterFactory(factory),
    );
    try {
      return await fn({
        engine,
        schema: { files },
        migrationsList,
        filters: { externalTables: [], externalEnums: [] },
      });
    } finally {
      engine.free();
    }
  } finally {
    // Pools first: a database with open connections cannot be dropped.
    await Promise.allSettled(adapters.map((a) => a.dispose()));
    for (const name of created) {
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    }
    await admin.end();
  }
}
