import { withSchemaEngine } from "./engine.ts";

/** The SQL taking a database from a migrations folder to a schema; "" when they agree. */
export async function diffMigrationsToSchema(args: {
  schemaDir: string;
  migrationsDir: string;
  adminUrl: string;
}): Promise<string> {
  const result = await withSchemaEngine(args, ({ engine, schema, migrationsList, filters }) =>
    engine.diff({
      from: { tag: "migrations", ...migrationsList },
      to: { tag: "schemaDatamodel", ...schema },
      script: true,
      exitCode: true,
      filters,
    }),
  );
  // With `exitCode: true` the engine answers 2 for a non-empty diff and 0 for none.
  return result.exitCode === 2 ? (result.stdout ?? "") : "";
}
