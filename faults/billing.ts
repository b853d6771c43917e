// The billing service as its own process in infrastructure mode (real PostgreSQL and RabbitMQ),
// on a database and exchange of the scenario's own, as bench/billing-run runs it.
import { BillingServiceClient, type BillingServiceDefinition } from "@slms/contracts/billing";
import { type Caller, createClient, type GrpcClient } from "@slms/grpc";
import {
  createTestBroker,
  createTestDatabase,
  type TestBroker,
  type TestDatabase,
} from "@slms/testing";
import pg from "pg";
import { migrationsDir } from "../services/billing/src/service.ts";
import { seedLeases } from "../services/billing/test/seed.ts";
import { type ServiceProcess, startService, stopProcess } from "./lib.ts";

export const caller: Caller = {
  actor: "usr_faults",
  orgId: "org_faults",
  siteIds: "all",
  roles: ["finance"],
};
export const sites = ["sit_fault_a", "sit_fault_b", "sit_fault_c", "sit_fault_d"];
/** Schedules start in January 2026, issued 10 days ahead: a run to 1 January bills one per lease. */
export const target = "2026-01-01";

/**
 * The `billing.bill.issued` events of billing runs in the outbox, one row per event the relay
 * publishes (`bill`: its bill's id; `published`: whether its chunk row is): a run writes one
 * outbox row per chunk (`billing.run.chunk`), and the relay reads the chunk's events from its
 * run's bills at its site between its first and final keys (services/billing/src/db/run-sql.ts).
 */
export const issuedEventsSql = `
  SELECT b.id AS bill, o.published_at IS NOT NULL AS published
    FROM outbox_messages o
    JOIN bills b
      ON o.type = 'billing.run.chunk' AND b.kind = 'charge'
     AND b.billing_run_id = o.data->>'runId' AND b.site_id = o.site_id
     AND (b.lease_id, b.fee_code, b.period_start)
         BETWEEN (o.data->'first'->>'leaseId', o.data->'first'->>'feeCode', (o.data->'first'->>'periodStart')::date)
             AND (o.data->'final'->>'leaseId', o.data->'final'->>'feeCode', (o.data->'final'->>'periodStart')::date)`;

export interface BillingWorld {
  db: TestDatabase;
  broker: TestBroker;
  /** A plain connection to the billing database, for counting (never terminated by a scenario). */
  sql: pg.Client;
  /** Starts the billing process (again); the previous one must have ended. */
  start(): Promise<ServiceProcess>;
  /** The running process's gRPC client. */
  client(): GrpcClient<BillingServiceDefinition>;
  current(): ServiceProcess | null;
  /** One integer from the billing database. */
  count(query: string): Promise<number>;
  close(): Promise<void>;
}

export async function billingWorld(
  label: string,
  options: { seedLeases?: number; chunk?: number } = {},
): Promise<BillingWorld> {
  const db = await createTestDatabase({ migrationsDir, label });
  if (options.seedLeases) {
    await seedLeases(db.url, {
      orgId: caller.orgId,
      siteIds: sites,
      leases: options.seedLeases,
      months: 1,
    });
  }
  const broker = createTestBroker();
  broker.name("billing.leases");
  const sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  let service: ServiceProcess | null = null;
  let client: GrpcClient<BillingServiceDefinition> | null = null;
  return {
    db,
    broker,
    sql,
    async start() {
      client?.close();
      service = await startService(
        "services/billing/src/main.ts",
        {
          BILLING_DATABASE_URL: db.url,
          RABBITMQ_URL: broker.url,
          RABBITMQ_EXCHANGE: broker.exchange,
          RABBITMQ_QUEUE_PREFIX: broker.exchange,
          GRPC_PORT: "0",
          BILLING_JOB_INTERVAL_MS: "0",
          BILLING_RUN_CHUNK: String(options.chunk ?? 1_000),
        },
        /serving gRPC/,
      );
      client = createClient<BillingServiceDefinition>(
        BillingServiceClient,
        `127.0.0.1:${service.port}`,
        { deadlineMs: 600_000 },
      );
      return service;
    },
    client() {
      if (!client) throw new Error("billing is not started");
      return client;
    },
    current: () => service,
    async count(query) {
      const { rows } = await sql.query<{ n: number }>(query);
      return Number(rows[0]?.n ?? 0);
    },
    async close() {
      client?.close();
      if (service) await stopProcess(service.child);
      await sql.end().catch(() => undefined);
      await broker.close().catch((error) => console.error("broker clean-up failed:", error));
      await db.close();
    },
  };
}
