import { BillingServiceClient, type BillingServiceDefinition } from "@slms/contracts/billing";
import { type Caller, createClient } from "@slms/grpc";
import { createLogger } from "@slms/logging";
import { createTestDatabase, type TestDatabase, waitFor } from "@slms/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationsDir, type RunningBillingService } from "../src/service.ts";
import { startBillingAlone } from "./alone.ts";
import { billIdsOf, runIssuedEvents } from "./run-events.ts";
import { seedLeases } from "./seed.ts";

// StartBillingRun when the database ends the service's sessions mid-run (a failover, an operator's
// pg_terminate_backend): the step that lost its connection is retried on a new one, and the run
// completes with every bill and every event exactly once.

const logger = createLogger({ service: "billing-run-connection-loss-test", level: "silent" });
const caller: Caller = {
  actor: "usr_finance",
  orgId: "org_cut",
  siteIds: "all",
  roles: ["finance"],
};
const leases = 3_000;

let db: TestDatabase;
let service: RunningBillingService;
let sql: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase({ migrationsDir, label: "run_conn_loss" });
  await seedLeases(db.url, {
    orgId: caller.orgId,
    siteIds: ["sit_cut_a", "sit_cut_b"],
    leases,
    months: 1,
  });
  service = await startBillingAlone(db.url, { logger, poolMax: 4, runChunkSize: 100 });
  sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
});

afterAll(async () => {
  await sql?.end();
  await service?.close(1_000);
  await db?.close();
});

/** Ends every session of the test database but this one. */
const terminateOthers = async () =>
  (
    await sql.query<{ ended: boolean }>(
      "SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
      [db.name],
    )
  ).rows.filter((r) => r.ended).length;

const one = async (query: string) => (await sql.query<{ n: number }>(query)).rows[0]!.n;

describe("StartBillingRun when the database ends its connections", () => {
  it("retries the interrupted step and completes with every bill and event exactly once", async () => {
    const billing = createClient<BillingServiceDefinition>(
      BillingServiceClient,
      `127.0.0.1:${service.port}`,
      { deadlineMs: 120_000 },
    );
    try {
      const started = billing.StartBillingRun({ targetDate: "2026-01-01", wait: true }, { caller });
      // Twice: early in the run and again later, each time with the service's sessions busy.
      let ended = 0;
      for (const doneAtLeast of [300, 1_500]) {
        // (A run that failed stops the wait: the assertions below say so.)
        await waitFor(
          async () =>
            (await one(
              `SELECT count(*)::int AS n FROM billing_runs WHERE done >= ${doneAtLeast} OR status <> 'running'`,
            )) > 0,
          { timeoutMs: 60_000, intervalMs: 5, description: `${doneAtLeast} bills done` },
        );
        ended += await terminateOthers();
      }
      expect(ended).toBeGreaterThan(0);
      const { run } = await started;
      expect(run).toMatchObject({
        status: "completed",
        total: leases,
        done: leases,
        issued: leases,
      });
      expect(await one("SELECT count(*)::int AS n FROM bills")).toBe(leases);
      expect(await one("SELECT count(DISTINCT lease_id)::int AS n FROM bills")).toBe(leases);
      // One billing.bill.issued per bill, though chunks were retried on new connections.
      expect(billIdsOf(await runIssuedEvents(service.deps.db)).length).toBe(leases);
      expect(
        await one(
          "SELECT count(*)::int AS n FROM outbox_messages WHERE type = 'billing.run.completed'",
        ),
      ).toBe(1);
    } finally {
      billing.close();
    }
  }, 120_000);
});
