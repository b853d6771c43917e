import { fileURLToPath } from "node:url";
import { checkMigrations } from "@slms/db";
import { createTestDatabase } from "@slms/testing";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { migrationsDir } from "../src/service.ts";
import { seedLeases } from "./seed.ts";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

// The offline schema engine takes seconds on a busy machine: more than vitest's default 5 s.
describe("billing migrations", () => {
  it("match the Prisma schema (a schema change without a migration fails here)", async () => {
    const result = await checkMigrations({
      schemaDir: fileURLToPath(new URL("../prisma", import.meta.url)),
      migrationsDir,
    });
    expect(result.inSync ? "in sync" : result.message).toBe("in sync");
  }, 30_000);

  it("the run's indexes hold only lines still scheduled, and a chunk's walk uses them", async () => {
    const db = await createTestDatabase({ migrationsDir, label: "billing-partial-idx" });
    cleanups.push(() => db.close());
    await seedLeases(db.url, { orgId: "org_idx", siteIds: ["sit_idx"], leases: 2_000, months: 3 });
    const sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    cleanups.push(() => sql.end());
    await sql.query("ANALYZE scheduled_charges");
    const indexes = await sql.query<{ name: string }>(
      "SELECT indexrelname AS name FROM pg_stat_user_indexes WHERE relname = 'scheduled_charges' ORDER BY 1",
    );
    expect(indexes.rows.map((r) => r.name)).toEqual([
      "scheduled_charges_due_idx",
      "scheduled_charges_pkey",
      "scheduled_charges_walk_idx",
    ]);
    // The run's walk (a chunk after a key) is served by the partial index, in key order.
    const plan = (
      await sql.query(
        `EXPLAIN (FORMAT JSON) SELECT * FROM scheduled_charges sc
          WHERE sc.org_id = 'org_idx' AND sc.site_id = 'sit_idx' AND sc.state = 'scheduled'
            AND sc.issue_date <= '2026-01-01' AND sc.amount_minor > 0
            AND (sc.lease_id, sc.fee_code, sc.period_start) > ('lea_seed_1', 'rent', '2026-01-01')
          ORDER BY sc.lease_id, sc.fee_code, sc.period_start LIMIT 100`,
      )
    ).rows[0]["QUERY PLAN"];
    expect(JSON.stringify(plan)).toContain("scheduled_charges_walk_idx");
    // Billed lines leave both partial indexes; the primary key keeps every line.
    await sql.query(
      "UPDATE scheduled_charges SET state = 'billed' WHERE period_start = '2026-01-01'",
    );
    await sql.query("VACUUM scheduled_charges");
    const indexTuples = (
      await sql.query<{ name: string; n: number }>(
        `SELECT c.relname AS name, c.reltuples::int AS n FROM pg_class c
          WHERE c.relname IN ('scheduled_charges_due_idx', 'scheduled_charges_walk_idx',
                              'scheduled_charges_pkey') ORDER BY 1`,
      )
    ).rows;
    expect(indexTuples).toEqual([
      { name: "scheduled_charges_due_idx", n: 4_000 },
      { name: "scheduled_charges_pkey", n: 6_000 },
      { name: "scheduled_charges_walk_idx", n: 4_000 },
    ]);
  }, 60_000);
});
