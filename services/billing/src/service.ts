import { AssetsServiceClient, type AssetsServiceDefinition } from "@slms/contracts/assets";
import { BillingServiceClient, billingPackageDefinition } from "@slms/contracts/billing";
import { CustomersServiceClient, type CustomersServiceDefinition } from "@slms/contracts/customers";
import { LeaseServiceClient, type LeaseServiceDefinition } from "@slms/contracts/leases";
import { createOutboxStore, createPrismaClient } from "@slms/db";
import { createClient, createGrpcServer } from "@slms/grpc";
import type { Logger } from "@slms/logging";
import { type EventBus, startOutboxRelay } from "@slms/messaging";
import { chunkEvents, RUN_CHUNK } from "./db/run-sql.ts";
import type { BillingDeps } from "./deps.ts";
import { leaseSubscription } from "./events/lease-consumer.ts";
import { PrismaClient } from "./generated/prisma/client.ts";
import { billingHandlers } from "./grpc/handlers.ts";
import { startDailyJob } from "./jobs/daily.ts";

export const migrationsDir = new URL("../prisma/migrations", import.meta.url).pathname;

export interface BillingServiceOptions {
  databaseUrl: string;
  poolMax?: number;
  bus: EventBus;
  logger: Logger;
  grpcAddress: string;
  assetsTarget: string;
  /** The customers service (`host:port`): whether a customer with no ledger here exists at a site. */
  customersTarget: string;
  /** The contracts service (`host:port`): whether a lease billing has not seen yet exists. */
  contractsTarget: string;
  /** Waivers above this (minor units) need a second person's approval. Default 50,000 (500.00). */
  waiverApprovalThresholdMinor?: number;
  /** Bills per billing-run statement (and commit). Default 5,000. */
  runChunkSize?: number;
  /**
   * Sites a billing run bills at once, each on its own connection. Default 3: a chunk's session
   * waits on its commit's WAL flush as well as working, so one more than PostgreSQL's cores
   * keeps them busy (bench/billing-run on 2 cores, 100,000 leases: 1 site at a time 4.5× raw
   * SQL's time, 2 at once 3.2–3.4×, 3 2.3–2.5×, 4 2.3×).
   */
  runWorkers?: number;
  /** How often billing runs and late fees are brought up to date. Default hourly; 0 turns it off. */
  jobIntervalMs?: number;
  clock?: () => Date;
}

export interface RunningBillingService {
  port: number;
  deps: BillingDeps;
  close(graceMs?: number): Promise<void>;
}

/**
 * Starts the billing service on already-migrated storage: gRPC, the lease-event consumer (inbox),
 * the outbox relay, and the periodic job.
 */
export async function startBillingService(
  options: BillingServiceOptions,
): Promise<RunningBillingService> {
  const { logger } = options;
  const db = createPrismaClient(PrismaClient, {
    url: options.databaseUrl,
    poolMax: options.poolMax ?? 10,
  });
  const relay = startOutboxRelay({
    source: createOutboxStore(db, { batches: { [RUN_CHUNK]: chunkEvents } }),
    bus: options.bus,
    logger,
    service: "billing",
    // Billing runs write events in bursts of thousands. Batches of 500 keep the broker's confirms
    // pipelined, and each batch's claim, confirms and stamp hold the event loop briefly: with
    // 2,000 a run's own queries and the service's requests waited up to 170 ms behind them
    // (bench/billing-run: GetBillingRun p99 170 → 116 ms, the run 15.5–18.7 → 12.7–14.7 s, its
    // events in a queue about as soon).
    batchSize: 500,
  });
  const assets = createClient<AssetsServiceDefinition>(AssetsServiceClient, options.assetsTarget, {
    idempotent: ["GetUnit", "GetSite"],
  });
  const customers = createClient<CustomersServiceDefinition>(
    CustomersServiceClient,
    options.customersTarget,
    { idempotent: ["GetCustomer"] },
  );
  const contracts = createClient<LeaseServiceDefinition>(
    LeaseServiceClient,
    options.contractsTarget,
    { idempotent: ["GetLease"] },
  );
  const deps: BillingDeps = {
    db,
    assets,
    customers,
    contracts,
    logger,
    outboxWritten: () => relay.wake(),
    clock: options.clock ?? (() => new Date()),
    waiverApprovalThresholdMinor: options.waiverApprovalThresholdMinor ?? 50_000,
    runChunkSize: options.runChunkSize ?? 5_000,
    runWorkers: options.runWorkers ?? 3,
  };
  await options.bus.subscribe(leaseSubscription(deps));
  const interval = options.jobIntervalMs ?? 3_600_000;
  const job = interval > 0 ? startDailyJob(deps, logger, interval) : null;

  const server = createGrpcServer({
    name: "billing",
    logger,
    reflection: [billingPackageDefinition],
  });
  server.add(BillingServiceClient.service, billingHandlers(deps));
  const port = await server.listen(options.grpcAddress);
  server.setServing(true);
  logger.info({ port }, "billing service serving gRPC");

  return {
    port,
    deps,
    async close(graceMs) {
      await server.close(graceMs);
      await job?.close();
      await relay.close();
      assets.close();
      customers.close();
      contracts.close();
      await db.$disconnect();
    },
  };
}
