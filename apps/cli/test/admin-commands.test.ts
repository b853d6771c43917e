import { randomBytes } from "node:crypto";
import {
  migrationsDir as assetsMigrations,
  type RunningAssetsService,
  startAssetsService,
} from "@slms/assets";
import { startBillingService } from "@slms/billing";
import { startContractsService } from "@slms/contracts-service";
import { startCustomersService } from "@slms/customers";
import { startFinanceService } from "@slms/finance";
import { migrationsDir as gatewayMigrations } from "@slms/gateway";
import { createLogger } from "@slms/logging";
import { createInProcessBus } from "@slms/messaging";
import { startPaymentsService } from "@slms/payments";
import { type RunningReportingService, startReportingService } from "@slms/reporting";
import { createTestDatabase } from "@slms/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createApiClientCommand,
  listApiClientsCommand,
  revokeApiClientCommand,
} from "../src/commands/api-client.ts";
import { createUserCommand } from "../src/commands/create-user.ts";
import { migrate } from "../src/commands/migrate.ts";
import { rebuildReportsCommand } from "../src/commands/rebuild-reports.ts";
import { seedDemo } from "../src/commands/seed-demo.ts";

// The admin commands in infrastructure mode: real databases named by environment variables.
const logger = createLogger({ service: "cli-test", level: "silent" });
type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;
let assetsDb: TestDatabase;
let gatewayDb: TestDatabase;
let customersDb: TestDatabase;
let contractsDb: TestDatabase;
let billingDb: TestDatabase;
let paymentsDb: TestDatabase;
let reportingDb: TestDatabase;
/** Databases of the services this file starts none of: migrated, then left alone. */
let otherDbs: TestDatabase[] = [];
let assets: RunningAssetsService;
let customers: Awaited<ReturnType<typeof startCustomersService>>;
let contracts: Awaited<ReturnType<typeof startContractsService>>;
let billing: Awaited<ReturnType<typeof startBillingService>>;
let payments: Awaited<ReturnType<typeof startPaymentsService>>;
let reporting: RunningReportingService;

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  // Created empty (no migrations) so `migrate` has work to do.
  const empty = new URL("./fixtures/no-migrations", import.meta.url).pathname;
  [assetsDb, gatewayDb, customersDb, contractsDb, billingDb, paymentsDb, reportingDb] =
    (await Promise.all(
      ["assets", "gateway", "customers", "contracts", "billing", "payments", "reporting"].map(
        (name) => createTestDatabase({ migrationsDir: empty, label: `cli_${name}` }),
      ),
    )) as TestDatabase[] as [
      TestDatabase,
      TestDatabase,
      TestDatabase,
      TestDatabase,
      TestDatabase,
      TestDatabase,
      TestDatabase,
    ];
  process.env.ASSETS_DATABASE_URL = assetsDb.url;
  process.env.GATEWAY_DATABASE_URL = gatewayDb.url;
  process.env.CUSTOMERS_DATABASE_URL = customersDb.url;
  process.env.CONTRACTS_DATABASE_URL = contractsDb.url;
  process.env.BILLING_DATABASE_URL = billingDb.url;
  process.env.PAYMENTS_DATABASE_URL = paymentsDb.url;
  process.env.REPORTING_DATABASE_URL = reportingDb.url;
  otherDbs = await Promise.all(
    ["notifications", "onboarding", "finance"].map((name) =>
      createTestDatabase({ migrationsDir: empty, label: `cli_${name}` }),
    ),
  );
  process.env.NOTIFICATIONS_DATABASE_URL = otherDbs[0]!.url;
  process.env.ONBOARDING_DATABASE_URL = otherDbs[1]!.url;
  process.env.FINANCE_DATABASE_URL = otherDbs[2]!.url;
});

afterAll(async () => {
  await reporting?.close(1_000);
  await payments?.close(1_000);
  await billing?.close(1_000);
  await contracts?.close(1_000);
  await customers?.close(1_000);
  await assets?.close(1_000);
  await Promise.all(
    [
      gatewayDb,
      assetsDb,
      customersDb,
      contractsDb,
      billingDb,
      paymentsDb,
      reportingDb,
      ...otherDbs,
    ].map((db) => db?.close()),
  );
});

describe("admin commands", () => {
  it("migrate applies every service's migrations once", async () => {
    await migrate(logger);
    const applied = async (url: string) =>
      (
        await query(
          url,
          "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL",
        )
      ).length;
    expect(await applied(assetsDb.url)).toBeGreaterThan(0);
    expect(await applied(reportingDb.url)).toBeGreaterThan(0);
    for (const db of otherDbs) expect(await applied(db.url)).toBeGreaterThan(0);
    const before = await applied(gatewayDb.url);
    await migrate(logger, "gateway");
    expect(await applied(gatewayDb.url)).toBe(before);
    await expect(migrate(logger, "nope")).rejects.toThrow(/unknown service "nope"/);
    expect(assetsMigrations).toBeTruthy();
    expect(gatewayMigrations).toBeTruthy();
  });

  it("seed-demo creates 3 sites, ~320 units, a user per role, leases and their money, and is safe to run twice", async () => {
    const bus = createInProcessBus({ logger });
    assets = await startAssetsService({
      databaseUrl: assetsDb.url,
      statusSyncIntervalMs: 0,
      bus,
      logger,
      grpcAddress: "127.0.0.1:0",
    });
    process.env.ASSETS_GRPC_URL = `127.0.0.1:${assets.port}`;
    customers = await startCustomersService({
      databaseUrl: customersDb.url,
      bus,
      logger,
      grpcAddress: "127.0.0.1:0",
      encryptionKey: randomBytes(32),
      hmacKey: randomBytes(32),
    });
    process.env.CUSTOMERS_GRPC_URL = `127.0.0.1:${customers.port}`;
    contracts = await startContractsService({
      databaseUrl: contractsDb.url,
      bus,
      logger,
      grpcAddress: "127.0.0.1:0",
      assetsTarget: process.env.ASSETS_GRPC_URL,
      customersTarget: process.env.CUSTOMERS_GRPC_URL,
      leaseJobIntervalMs: 0,
    });
    process.env.CONTRACTS_GRPC_URL = `127.0.0.1:${contracts.port}`;
    billing = await startBillingService({
      databaseUrl: billingDb.url,
      bus,
      logger,
      grpcAddress: "127.0.0.1:0",
      assetsTarget: process.env.ASSETS_GRPC_URL,
      customersTarget: process.env.CUSTOMERS_GRPC_URL,
      contractsTarget: process.env.CONTRACTS_GRPC_URL,
      jobIntervalMs: 0,
    });
    process.env.BILLING_GRPC_URL = `127.0.0.1:${billing.port}`;
    payments = await startPaymentsService({
      databaseUrl: paymentsDb.url,
      bus,
      logger,
      grpcAddress: "127.0.0.1:0",
      billingTarget: process.env.BILLING_GRPC_URL,
      assetsTarget: process.env.ASSETS_GRPC_URL,
      customersTarget: process.env.CUSTOMERS_GRPC_URL,
      contractsTarget: process.env.CONTRACTS_GRPC_URL,
      allocationRetryIntervalMs: 0,
    });
    process.env.PAYMENTS_GRPC_URL = `127.0.0.1:${payments.port}`;
    const first = await seedDemo(logger, "DEMO");
    expect(Object.keys(first.siteIds)).toEqual(["SH-GARDEN", "SZ-TOWER", "GZ-MARKET"]);
    expect(first.unitsCreated).toBeGreaterThanOrEqual(280);
    expect(first.users).toHaveLength(6);
    expect(first.customers).toBeGreaterThanOrEqual(180);
    expect(first.leases).toBeGreaterThanOrEqual(150);
    const kinds = await query(assetsDb.url, "SELECT DISTINCT kind FROM units ORDER BY kind");
    expect(kinds).toHaveLength(12);
    // Money: bills up to today, deposits, payments; some tenants behind, some ahead, some late.
    expect(first.bills).toBeGreaterThan(first.leases);
    expect(first.deposits).toBeGreaterThan(100);
    expect(first.payments).toBeGreaterThan(first.leases);
    const [money] = await query(
      billingDb.url,
      `SELECT count(*) FILTER (WHERE status = 'open' AND due_date < now()::date)::int AS overdue,
              count(*) FILTER (WHERE kind = 'late_fee')::int AS late_fees,
              count(*) FILTER (WHERE status = 'paid')::int AS paid,
              (SELECT coalesce(sum(amount_minor), 0)::int FROM prepayment_entries) AS prepaid
         FROM bills`,
    );
    expect(money.overdue).toBeGreaterThan(0);
    expect(money.late_fees).toBeGreaterThan(0);
    expect(money.paid).toBeGreaterThan(first.leases);
    expect(money.prepaid).toBeGreaterThan(0);
    const second = await seedDemo(logger, "DEMO");
    expect(second.unitsCreated).toBe(0);
    expect(second.users).toEqual([]);
    expect(second.leases).toBe(0);
    expect(second.payments).toBe(0);
    const [{ count }] = await query(assetsDb.url, "SELECT count(*)::int AS count FROM units");
    expect(count).toBe(first.unitsCreated);
    // Seeding ~180 leases with their money takes a while on a busy machine; correctness, not
    // speed, is what this test checks.
  }, 240_000);

  it("create-user makes a site user by site code and refuses an unknown site", async () => {
    const user = await createUserCommand(logger, {
      email: "new.clerk@demo.slms",
      name: "New Clerk",
      password: "new-clerk-password",
      org: "DEMO",
      sites: ["SZ-TOWER:clerk"],
    });
    expect(user.memberships).toHaveLength(1);
    expect(user.memberships[0]?.role).toBe("clerk");
    await expect(
      createUserCommand(logger, {
        email: "x@demo.slms",
        name: "X",
        password: "x-password-1",
        org: "DEMO",
        sites: ["NOPE:clerk"],
      }),
    ).rejects.toThrow(/--site NOPE:clerk/);
  });

  it("api-client creates a client of the ERP edge (secret once), lists it, revokes it", async () => {
    const bus = createInProcessBus({ logger });
    const finance = await startFinanceService({
      databaseUrl: process.env.FINANCE_DATABASE_URL!,
      bus,
      logger,
      grpcAddress: "127.0.0.1:0",
      owners: () => ({
        assets: process.env.ASSETS_GRPC_URL!,
        customers: process.env.CUSTOMERS_GRPC_URL!,
        contracts: process.env.CONTRACTS_GRPC_URL!,
        billing: process.env.BILLING_GRPC_URL ?? "localhost:50054",
        payments: process.env.PAYMENTS_GRPC_URL ?? "localhost:50055",
      }),
    });
    process.env.FINANCE_GRPC_URL = `127.0.0.1:${finance.port}`;
    try {
      const { client, secret } = await createApiClientCommand(logger, {
        org: "DEMO",
        name: "Kingdee ERP",
        sites: ["SZ-TOWER"],
        allSites: false,
        canPost: false,
      });
      expect(client!.id).toMatch(/^apc_/);
      expect(secret.length).toBeGreaterThanOrEqual(40);
      const listed = await listApiClientsCommand(logger, "DEMO");
      expect(listed.map((c) => c.id)).toContain(client!.id);
      const revoked = await revokeApiClientCommand(logger, "DEMO", client!.id);
      expect(revoked.revokedAt).not.toBe("");
      await expect(
        createApiClientCommand(logger, {
          org: "DEMO",
          name: "x",
          sites: ["NOPE"],
          allSites: false,
          canPost: false,
        }),
      ).rejects.toThrow(/--site NOPE/);
    } finally {
      delete process.env.FINANCE_GRPC_URL;
      await finance.close(1_000);
      await bus.close();
    }
  });

  it("rebuild-reports fills reporting from data that existed before it: one site, then every site", async () => {
    // Started after the seed: reporting heard none of its events.
    reporting = await startReportingService({
      databaseUrl: reportingDb.url,
      bus: createInProcessBus({ logger }),
      logger,
      grpcAddress: "127.0.0.1:0",
      sourceTargets: () => ({
        assets: process.env.ASSETS_GRPC_URL!,
        customers: process.env.CUSTOMERS_GRPC_URL!,
        contracts: process.env.CONTRACTS_GRPC_URL!,
        billing: process.env.BILLING_GRPC_URL!,
        payments: process.env.PAYMENTS_GRPC_URL!,
      }),
    });
    process.env.REPORTING_GRPC_URL = `127.0.0.1:${reporting.port}`;
    const totals = async (url: string, sql: string) => (await query(url, sql))[0];
    const billSums = `SELECT count(*)::int AS bills, sum(amount_minor)::text AS amount,
                             sum(allocated_minor)::text AS allocated, sum(waived_minor)::text AS waived
                        FROM bill_facts`;

    const one = await rebuildReportsCommand(logger, { org: "DEMO", site: "SZ-TOWER" });
    expect(one.siteIds).toHaveLength(1);
    const [site] = await query(assetsDb.url, `SELECT id FROM sites WHERE code = 'SZ-TOWER'`);
    expect(one.siteIds[0]).toBe(site.id);
    expect(
      await totals(reportingDb.url, "SELECT count(DISTINCT site_id)::int AS n FROM unit_facts"),
    ).toEqual({ n: 1 });

    const all = await rebuildReportsCommand(logger, { org: "DEMO" });
    expect(all.siteIds).toHaveLength(3);
    // To the fen: every bill and its money, every payment, every unit as the owners hold them.
    expect(await totals(reportingDb.url, billSums)).toEqual(
      await totals(billingDb.url, billSums.replace("bill_facts", "bills")),
    );
    expect(
      await totals(
        reportingDb.url,
        "SELECT count(*)::int AS n, sum(amount_minor)::text AS s FROM payment_entries",
      ),
    ).toEqual(
      await totals(
        paymentsDb.url,
        "SELECT count(*)::int AS n, sum(amount_minor)::text AS s FROM payments",
      ),
    );
    expect(await totals(reportingDb.url, "SELECT count(*)::int AS n FROM unit_facts")).toEqual(
      await totals(assetsDb.url, "SELECT count(*)::int AS n FROM units"),
    );
    expect(all.counts.units).toBe(
      (await totals(assetsDb.url, "SELECT count(*)::int AS n FROM units")).n,
    );
    await expect(rebuildReportsCommand(logger, { org: "DEMO", site: "NOPE" })).rejects.toThrow(
      /--site NOPE/,
    );
  }, 240_000);
});
