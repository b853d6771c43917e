import { type ChildProcess, execFile, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type EventEnvelope, EventTypes } from "@slms/contracts";
import { BillingServiceClient, type BillingServiceDefinition } from "@slms/contracts/billing";
import { createPrismaClient, nameUuid } from "@slms/db";
import { type Caller, createClient } from "@slms/grpc";
import { createLogger } from "@slms/logging";
import { createInProcessBus, createRabbitBus } from "@slms/messaging";
import { createTestBroker, createTestDatabase, waitFor } from "@slms/testing";
import { afterAll, describe, expect, it } from "vitest";
import { billView } from "../src/db/bills.ts";
import { billIssuedData } from "../src/events/bill-events.ts";
import { PrismaClient } from "../src/generated/prisma/client.ts";
import { type BillingServiceOptions, migrationsDir } from "../src/service.ts";
import { startBillingAlone } from "./alone.ts";
import { billIdsOf, runIssuedEvents } from "./run-events.ts";
import { seedLeases } from "./seed.ts";

const logger = createLogger({ service: "billing-run-test", level: "silent" });
const caller: Caller = {
  actor: "usr_finance",
  orgId: "org_run",
  siteIds: "all",
  roles: ["finance"],
};
const sites = ["sit_run_a", "sit_run_b", "sit_run_c", "sit_run_d"];
const root = fileURLToPath(new URL("../../..", import.meta.url));
const run = promisify(execFile);
const cleanups: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function database(label: string) {
  const db = await createTestDatabase({ migrationsDir, label });
  cleanups.push(() => db.close());
  return db;
}

/** The billing service by itself on the test database (`startBillingAlone`), and a client of it. */
async function serve(db: { url: string }, options: Partial<BillingServiceOptions> = {}) {
  const service = await startBillingAlone(db.url, { logger, ...options });
  cleanups.push(() => service.close(1_000));
  const billing = createClient<BillingServiceDefinition>(
    BillingServiceClient,
    `127.0.0.1:${service.port}`,
    { deadlineMs: 120_000 },
  );
  cleanups.push(async () => billing.close());
  return { service, billing };
}

async function billKeys(prisma: PrismaClient) {
  const rows = await prisma.bill.findMany({ select: { dedupeKey: true, amountMinor: true } });
  return rows.map((r) => `${r.dedupeKey}=${r.amountMinor}`).sort();
}

describe("billing runs at scale", () => {
  it("bills 2,000 leases exactly once though run three times, two of them concurrently", async () => {
    const db = await database("run_2000");
    await seedLeases(db.url, { orgId: caller.orgId, siteIds: sites, leases: 2_000, months: 12 });
    const { billing } = await serve(db, { runChunkSize: 1_000 });
    const prisma = createPrismaClient(PrismaClient, { url: db.url, poolMax: 2 });
    cleanups.push(() => prisma.$disconnect());

    // Issue dates up to 2026-03-22 cover January to April: 4 bills per lease.
    const dry = await billing.StartBillingRun(
      { targetDate: "2026-03-25", dryRun: true },
      { caller },
    );
    expect(dry.run!.total).toBe(8_000);
    const runs = await Promise.all([
      billing.StartBillingRun({ targetDate: "2026-03-25", wait: true }, { caller }),
      billing.StartBillingRun({ targetDate: "2026-03-25", wait: true }, { caller }),
    ]);
    const third = await billing.StartBillingRun(
      { targetDate: "2026-03-25", wait: true },
      { caller },
    );
    expect(runs.map((r) => r.run!.status)).toEqual(["completed", "completed"]);
    expect(runs[0]!.run!.issued + runs[1]!.run!.issued).toBe(8_000);
    expect(third.run!.issued).toBe(0);
    expect(await prisma.bill.count()).toBe(8_000);
    const distinct = await prisma.$queryRaw<
      { n: number }[]
    >`SELECT count(DISTINCT (lease_id, fee_code, period_start))::int AS n FROM bills`;
    expect(distinct[0]!.n).toBe(8_000);
    // One billing.bill.issued per bill, whichever run issued it.
    const bills = await prisma.bill.findMany({ select: { id: true } });
    expect(billIdsOf(await runIssuedEvents(prisma))).toEqual(bills.map((b) => b.id).sort());
    // Every billed line is marked (the rest of the year still waits), so later runs skip them.
    expect(await prisma.scheduledCharge.count({ where: { state: "billed" } })).toBe(8_000);
    expect(await prisma.scheduledCharge.count({ where: { state: "scheduled" } })).toBe(16_000);
    const progress = await billing.GetBillingRun({ id: runs[0]!.run!.id }, { caller });
    expect(progress.run!.done).toBeGreaterThan(0);
  }, 120_000);

  it("publishes one billing.bill.issued per bill, saying what its bill says, its id named by the bill", async () => {
    const db = await database("run_events");
    await seedLeases(db.url, { orgId: caller.orgId, siteIds: sites, leases: 1_000, months: 2 });
    const bus = createInProcessBus({ logger });
    const published: EventEnvelope[] = [];
    await bus.subscribe({
      queue: "test.issued",
      bindings: [EventTypes.BillIssued],
      handle: async (event) => void published.push(event),
    });
    const { billing } = await serve(db, { bus, runChunkSize: 100 });
    const prisma = createPrismaClient(PrismaClient, { url: db.url, poolMax: 2 });
    cleanups.push(() => prisma.$disconnect());

    // Issue dates up to 2026-01-25 cover January and February: 2 bills per lease.
    const { run } = await billing.StartBillingRun(
      { targetDate: "2026-01-25", wait: true },
      { caller },
    );
    expect(run).toMatchObject({ status: "completed", issued: 2_000 });
    await waitFor(() => published.length >= 2_000, { description: "2,000 events published" });
    const bills = await prisma.bill.findMany();
    expect(published.map((e) => String(e.data.billId)).sort()).toEqual(
      bills.map((b) => b.id).sort(),
    );
    const chunks = await prisma.outboxMessage.findMany({ where: { type: "billing.run.chunk" } });
    // 250 leases × 2 periods per site, in chunks of 100: 5 chunk rows per site, each published.
    expect(chunks).toHaveLength(20);
    expect(chunks.every((c) => c.publishedAt !== null)).toBe(true);
    const byBill = new Map(published.map((e) => [String(e.data.billId), e]));
    for (const bill of bills) {
      const event = byBill.get(bill.id)!;
      expect(event).toMatchObject({
        id: nameUuid(`billing.bill.issued/${bill.id}`),
        version: 1,
        orgId: caller.orgId,
        siteId: bill.siteId,
        actor: caller.actor,
        data: billIssuedData(billView(bill)),
      });
      expect(chunks.some((c) => c.occurredAt.toISOString() === event.occurredAt)).toBe(true);
    }
  }, 120_000);

  it("fails the run when a site fails, taking no further site, and the run again bills the rest once", async () => {
    const db = await database("run_site_fails");
    await seedLeases(db.url, { orgId: caller.orgId, siteIds: sites, leases: 2_000, months: 1 });
    const prisma = createPrismaClient(PrismaClient, { url: db.url, poolMax: 2 });
    cleanups.push(() => prisma.$disconnect());
    // The second site's bills cannot be written until the trigger goes.
    await prisma.$executeRawUnsafe(`CREATE FUNCTION refuse_site_b() RETURNS trigger AS $$
      BEGIN IF NEW.site_id = 'sit_run_b' THEN RAISE EXCEPTION 'site b refused'; END IF; RETURN NEW; END
      $$ LANGUAGE plpgsql`);
    await prisma.$executeRawUnsafe(
      "CREATE TRIGGER refuse_site_b BEFORE INSERT ON bills FOR EACH ROW EXECUTE FUNCTION refuse_site_b()",
    );
    const { billing } = await serve(db, { runChunkSize: 100, runWorkers: 2 });

    const { run: failed } = await billing.StartBillingRun(
      { targetDate: "2026-01-01", wait: true },
      { caller },
    );
    expect(failed).toMatchObject({ status: "failed" });
    expect(failed!.error).toContain("site b refused");
    // Workers take sites in order (a and b first); the one that finished a took c at most, and
    // none took d after b failed.
    const perSite = async () =>
      Object.fromEntries(
        (await prisma.bill.groupBy({ by: ["siteId"], _count: true })).map((g) => [
          g.siteId,
          g._count,
        ]),
      );
    const before = await perSite();
    expect(before.sit_run_a).toBe(500);
    expect(before.sit_run_b).toBeUndefined();
    expect(before.sit_run_d).toBeUndefined();
    expect(failed!.issued).toBe(500 + (before.sit_run_c ?? 0));

    await prisma.$executeRawUnsafe("DROP TRIGGER refuse_site_b ON bills");
    const { run: again } = await billing.StartBillingRun(
      { targetDate: "2026-01-01", wait: true },
      { caller },
    );
    expect(again).toMatchObject({ status: "completed" });
    expect(again!.issued).toBe(2_000 - failed!.issued);
    expect(await perSite()).toEqual({
      sit_run_a: 500,
      sit_run_b: 500,
      sit_run_c: 500,
      sit_run_d: 500,
    });
    const bills = await prisma.bill.findMany({ select: { id: true } });
    expect(billIdsOf(await runIssuedEvents(prisma))).toEqual(bills.map((b) => b.id).sort());
  }, 120_000);

  it("ends with exactly the dry run's bills when the process is killed mid-run and the run repeated", async () => {
    const db = await database("run_killed");
    await seedLeases(db.url, { orgId: caller.orgId, siteIds: sites, leases: 1_000, months: 12 });
    const prisma = createPrismaClient(PrismaClient, { url: db.url, poolMax: 2 });
    cleanups.push(() => prisma.$disconnect());
    const broker = createTestBroker();
    cleanups.push(() => broker.close());
    broker.name("billing.leases");

    // On a port the system picks (read back from its log): a port chosen here may be taken by
    // any socket of the machine — a fixed range collided once (EADDRINUSE).
    const start = (): Promise<{ child: ChildProcess; port: number }> =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ["services/billing/src/main.ts"], {
          cwd: root,
          env: {
            ...process.env,
            BILLING_DATABASE_URL: db.url,
            RABBITMQ_URL: broker.url,
            RABBITMQ_EXCHANGE: broker.exchange,
            RABBITMQ_QUEUE_PREFIX: broker.exchange,
            GRPC_PORT: "0",
            BILLING_JOB_INTERVAL_MS: "0",
            BILLING_RUN_CHUNK: "100",
            LOG_LEVEL: "info",
          },
          stdio: ["ignore", "pipe", "inherit"],
        });
        let output = "";
        child.stdout!.on("data", (chunk: Buffer) => {
          output += chunk.toString();
          const serving = output.split("\n").find((line) => line.includes("serving gRPC"));
          if (serving) resolve({ child, port: (JSON.parse(serving) as { port: number }).port });
        });
        child.on("exit", (code) => reject(new Error(`billing exited with ${code}: ${output}`)));
      });
    const { child: first, port } = await start();
    const billing = createClient<BillingServiceDefinition>(
      BillingServiceClient,
      `127.0.0.1:${port}`,
      { deadlineMs: 60_000 },
    );
    const dry = await billing.StartBillingRun(
      { targetDate: "2026-06-25", dryRun: true },
      { caller },
    );
    const expected = dry.preview
      .map((b) => `charge:${b.leaseId}:${b.feeCode}:${b.periodStart}=${b.amountMinor}`)
      .sort();
    expect(expected).toHaveLength(dry.run!.total);
    expect(dry.run!.total).toBe(7_000);

    await billing.StartBillingRun({ targetDate: "2026-06-25" }, { caller });
    await waitFor(async () => (await prisma.bill.count()) >= 300, {
      timeoutMs: 60_000,
      intervalMs: 5,
    });
    first.kill("SIGKILL");
    await new Promise((resolve) => first.once("exit", resolve));
    billing.close();
    const partial = await prisma.bill.count();
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(7_000);

    const { child: second, port: secondPort } = await start();
    cleanups.push(async () => void second.kill("SIGTERM"));
    const again = createClient<BillingServiceDefinition>(
      BillingServiceClient,
      `127.0.0.1:${secondPort}`,
      { deadlineMs: 120_000 },
    );
    cleanups.push(async () => again.close());
    const rerun = await again.StartBillingRun({ targetDate: "2026-06-25", wait: true }, { caller });
    expect(rerun.run!.issued).toBe(7_000 - partial);
    expect(await billKeys(prisma)).toEqual(expected);
    const bills = await prisma.bill.findMany({ select: { id: true } });
    expect(billIdsOf(await runIssuedEvents(prisma))).toEqual(bills.map((b) => b.id).sort());
  }, 180_000);

  it("delivers every bill event although the broker drops the connection during the run", async () => {
    const db = await database("run_broker");
    await seedLeases(db.url, { orgId: caller.orgId, siteIds: sites, leases: 1_000, months: 3 });
    const broker = createTestBroker();
    cleanups.push(() => broker.close());
    const connectionName = broker.name("conn");
    const bus = await createRabbitBus({
      url: broker.url,
      exchange: broker.exchange,
      queuePrefix: broker.exchange,
      logger,
      connectionName,
    });
    cleanups.push(() => bus.close());
    broker.name("issued");
    const received = new Set<string>();
    await bus.subscribe({
      queue: "issued",
      bindings: ["billing.bill.issued"],
      handle: async (event) => void received.add(String(event.data.billId)),
    });
    broker.name("billing.leases");
    const { billing } = await serve(db, { bus, runChunkSize: 200 });

    const started = billing.StartBillingRun({ targetDate: "2026-03-25", wait: true }, { caller });
    await waitFor(() => received.size > 0, { timeoutMs: 30_000, intervalMs: 5 });
    const { stdout } = await run("rabbitmqctl", [
      "-q",
      "list_connections",
      "pid",
      "client_properties",
    ]);
    const pid = stdout
      .split("\n")
      .find((l) => l.includes(connectionName))
      ?.split("\t")[0];
    expect(pid).toBeDefined();
    await run("rabbitmqctl", [
      "-q",
      "close_connection",
      pid!,
      "test: broker restart during a billing run",
    ]);
    const { run: finished } = await started;
    expect(finished!.issued).toBe(3_000);
    await waitFor(() => received.size === 3_000, {
      timeoutMs: 60_000,
      description: "every bill.issued event to arrive",
    });
  }, 120_000);
});
