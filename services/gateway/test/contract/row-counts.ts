import pg from "pg";

/**
 * Exact row counts of every table of every database of the platform, to prove a refused
 * request wrote nothing anywhere (outbox and inbox included).
 */
export interface RowCounter {
  counts(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export async function rowCounter(databaseUrls: Record<string, string>): Promise<RowCounter> {
  const clients = await Promise.all(
    Object.entries(databaseUrls).map(async ([service, url]) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const tables = (
        await client.query<{ name: string }>(
          `SELECT quote_ident(table_name) AS name FROM information_schema.tables
            WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
              AND table_name <> '_prisma_migrations' ORDER BY table_name`,
        )
      ).rows.map((r) => r.name);
      return { service, client, tables };
    }),
  );
  return {
    async counts() {
      const result: Record<string, number> = {};
      for (const { service, client, tables } of clients) {
        if (tables.length === 0) continue;
        const { rows } = await client.query<{ name: string; n: number }>(
          tables
            .map((t) => `SELECT '${t}' AS name, count(*)::int AS n FROM ${t}`)
            .join(" UNION ALL "),
        );
        for (const row of rows) result[`${service}.${row.name}`] = row.n;
      }
      return result;
    },
    async close() {
      await Promise.all(clients.map(({ client }) => client.end()));
    },
  };
}

/** The tables whose counts differ, as `table: before → after`. */
export function changedTables(
  before: Record<string, number>,
  after: Record<string, number>,
): string[] {
  return Object.keys({ ...before, ...after })
    .filter((table) => before[table] !== after[table])
    .map((table) => `${table}: ${before[table]} → ${after[table]}`);
}
