// PostgreSQL ends the billing service's sessions (`pg_terminate_backend`, only on the scenario's
// own database) twice during a 20,000-lease billing run. The run retries the interrupted step on
// a new connection and completes: one bill per lease, one bill.issued event per bill in the
// outbox. Recovery: from the first termination to the run completed.
import { waitFor } from "@slms/testing";
import { afterAll, describe, expect, it } from "vitest";
import { type BillingWorld, billingWorld, caller, issuedEventsSql, target } from "./billing.ts";
import { report, seconds } from "./lib.ts";

const leases = Number(process.env.FAULT_POSTGRES_LEASES ?? 20_000);
let world: BillingWorld | undefined;

afterAll(async () => {
  await world?.close();
});

describe("PostgreSQL connections terminated during a billing run", () => {
  it("completes the run with every bill and event exactly once", async () => {
    world = await billingWorld("fault_postgres", { seedLeases: leases, chunk: 1_000 });
    await world.start();
    const finished = world.client().StartBillingRun({ targetDate: target, wait: true }, { caller });
    const terminate = async () =>
      (
        await world!.sql.query<{ ended: boolean }>(
          "SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
          [world!.db.name],
        )
      ).rows.filter((r) => r.ended).length;
    let firstAt = Number.NaN;
    let sessionsEnded = 0;
    for (const doneAtLeast of [Math.floor(leases / 5), Math.floor(leases / 2)]) {
      await waitFor(
        async () =>
          (await world!.count(
            `SELECT count(*)::int AS n FROM billing_runs WHERE done >= ${doneAtLeast} OR status <> 'running'`,
          )) > 0,
        { timeoutMs: 120_000, intervalMs: 10, description: `${doneAtLeast} bills done` },
      );
      sessionsEnded += await terminate();
      if (Number.isNaN(firstAt)) firstAt = performance.now();
    }
    const { run } = await finished;
    const recoverMs = performance.now() - firstAt;

    const bills = await world.count("SELECT count(*)::int AS n FROM bills");
    const leasesBilled = await world.count("SELECT count(DISTINCT lease_id)::int AS n FROM bills");
    const events = await world.count(`SELECT count(*)::int AS n FROM (${issuedEventsSql}) e`);
    const billsWithEvent = await world.count(
      `SELECT count(DISTINCT e.bill)::int AS n FROM (${issuedEventsSql}) e`,
    );
    const retries = world
      .current()!
      .output()
      .split("\n")
      .filter((l) => l.includes("retrying the step")).length;
    report([
      {
        scenario: "PostgreSQL pg_terminate_backend ×2 mid-run: bills",
        expected: leases,
        found: leasesBilled,
        lost: leases - leasesBilled,
        duplicated: bills - leasesBilled,
        recoverS: seconds(recoverMs),
        note: `run ${run?.status}; ${sessionsEnded} sessions ended; ${retries} steps retried`,
      },
      {
        scenario: "… bill.issued events in the outbox",
        expected: bills,
        found: billsWithEvent,
        lost: bills - billsWithEvent,
        duplicated: events - billsWithEvent,
        recoverS: seconds(recoverMs),
      },
    ]);
    expect(sessionsEnded).toBeGreaterThan(0);
    expect(run).toMatchObject({ status: "completed", issued: leases, done: leases });
    expect([leases - leasesBilled, bills - leasesBilled]).toEqual([0, 0]);
    expect([bills - billsWithEvent, events - billsWithEvent]).toEqual([0, 0]);
    expect(seconds(recoverMs)).toBeLessThanOrEqual(60);
  });
});
