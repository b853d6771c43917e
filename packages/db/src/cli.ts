/**
 * Offline Prisma commands for SLMS services:
 *   node packages/db/src/cli.ts <generate|migrate:create|migrate:deploy|migrate:check|migrate:resolve> …
 * Run without arguments for the usage text.
 */
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { generate } from "./generate.ts";
import { applyMigrations, markMigrationRolledBack } from "./migrations/apply.ts";
import { checkMigrations } from "./migrations/check.ts";
import { createMigration } from "./migrations/create.ts";

const USAGE = `Usage: node packages/db/src/cli.ts <command> <schemaDir> [args] [options]

Commands:
  generate <schemaDir>                  generate the Prisma client (prisma generate, offline)
  migrate:create <schemaDir> <name>     write the next migration from the schema changes
  migrate:deploy <schemaDir>            apply pending migrations to --url
  migrate:check <schemaDir>             fail (exit 1) if the schema has changes with no migration
  migrate:resolve <schemaDir> --rolled-back <migration>
                                        mark a failed migration rolled back so deploy retries it

Options:
  --url <url>          database for migrate:deploy/resolve (default: $DATABASE_URL)
  --migrations <dir>   migrations folder (default: <schemaDir>/migrations)
  --admin-url <url>    server for temporary shadow databases (migrate:create/check; default:
                       $DATABASE_ADMIN_URL or postgresql://postgres@127.0.0.1:5432/postgres)
  --rolled-back <name> the migration to mark (migrate:resolve)

<schemaDir> is a Prisma schema folder (e.g. services/assets/prisma) or a single .prisma file.`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: "string" },
      migrations: { type: "string" },
      "admin-url": { type: "string" },
      "rolled-back": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const [command, schemaDir, ...rest] = positionals;
  if (values.help || command === undefined) {
    console.log(USAGE);
    return command === undefined && !values.help ? 2 : 0;
  }
  if (schemaDir === undefined) throw new UsageError(`${command}: missing <schemaDir>`);
  const migrationsDir =
    values.migrations ??
    join(schemaDir.endsWith(".prisma") ? dirname(schemaDir) : schemaDir, "migrations");
  const adminUrl = values["admin-url"];
  const databaseUrl = (): string => {
    const url = values.url ?? process.env.DATABASE_URL;
    if (!url) throw new UsageError(`${command}: pass --url or set DATABASE_URL`);
    return url;
  };
  const noMore = (): void => {
    if (rest.length > 0)
      throw new UsageError(`${command}: unexpected argument(s): ${rest.join(" ")}`);
  };

  switch (command) {
    case "generate": {
      noMore();
      process.stdout.write(await generate(schemaDir));
      return 0;
    }
    case "migrate:create": {
      const [name, ...extra] = rest;
      if (name === undefined) throw new UsageError("migrate:create: missing <name>");
      if (extra.length > 0) throw new UsageError(`migrate:create: unexpected: ${extra.join(" ")}`);
      const result = await createMigration({ schemaDir, migrationsDir, name, adminUrl });
      console.log(
        result.created
          ? `Created ${result.path}`
          : "No schema changes: the migrations already produce this schema.",
      );
      return 0;
    }
    case "migrate:deploy": {
      noMore();
      const applied = await applyMigrations({ url: databaseUrl(), migrationsDir });
      console.log(
        applied.length === 0
          ? "No pending migrations."
          : `Applied ${applied.length} migration(s):\n  ${applied.join("\n  ")}`,
      );
      return 0;
    }
    case "migrate:check": {
      noMore();
      const result = await checkMigrations({ schemaDir, migrationsDir, adminUrl });
      if (result.inSync) {
        console.log("Migrations are in sync with the schema.");
        return 0;
      }
      console.error(result.message);
      return 1;
    }
    case "migrate:resolve": {
      noMore();
      const name = values["rolled-back"];
      if (!name) throw new UsageError("migrate:resolve: pass --rolled-back <migration>");
      const marked = await markMigrationRolledBack({ url: databaseUrl(), migrationName: name });
      console.log(marked ? `Marked ${name} rolled back.` : `No failed migration named ${name}.`);
      return marked ? 0 : 1;
    }
    default:
      throw new UsageError(`unknown command: ${command}`);
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (
    error instanceof UsageError ||
    (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")
  ) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
  } else {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
