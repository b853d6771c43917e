import { AssetsServiceClient, type AssetsServiceDefinition } from "@slms/contracts/assets";
import { CustomersServiceClient, type CustomersServiceDefinition } from "@slms/contracts/customers";
import { LeaseServiceClient, leasesPackageDefinition } from "@slms/contracts/leases";
import { createOutboxStore, createPrismaClient } from "@slms/db";
import { createClient, createGrpcServer } from "@slms/grpc";
import type { Logger } from "@slms/logging";
import { type EventBus, startOutboxRelay } from "@slms/messaging";
import type { ContractsDeps } from "./deps.ts";
import { PrismaClient } from "./generated/prisma/client.ts";
import { leaseHandlers } from "./grpc/handlers.ts";
import { startLeaseJob } from "./jobs/lease-job.ts";

export const migrationsDir = new URL("../prisma/migrations", import.meta.url).pathname;

export interface ContractsServiceOptions {
  databaseUrl: string;
  poolMax?: number;
  bus: EventBus;
  logger: Logger;
  grpcAddress: string;
  assetsTarget: string;
  customersTarget: string;
  /** How often the lease job runs. Default hourly; 0 turns it off (tests run it by hand). */
  leaseJobIntervalMs?: number;
  clock?: () => Date;
  /** Settle horizon of lists by update time (`updated_since`), ms. Default 10 s. */
  syncSettleMs?: number;
}

export interface RunningContractsService {
  port: number;
  deps: ContractsDeps;
  close(graceMs?: number): Promise<void>;
}

/** Starts the contracts service on already-migrated storage: gRPC, outbox relay, lease job. */
export async function startContractsService(
  options: ContractsServiceOptions,
): Promise<RunningContractsService> {
  const { logger } = options;
  const db = createPrismaClient(PrismaClient, {
    url: options.databaseUrl,
    poolMax: options.poolMax ?? 10,
  });
  const relay = startOutboxRelay({
    source: createOutboxStore(db),
    bus: options.bus,
    logger,
    service: "contracts",
  });
  const assets = createClient<AssetsServiceDefinition>(AssetsServiceClient, options.assetsTarget, {
    idempotent: ["GetSite", "GetUnit", "HoldUnits", "ReleaseUnits"],
  });
  const customers = createClient<CustomersServiceDefinition>(
    CustomersServiceClient,
    options.customersTarget,
    {
      idempotent: ["GetCustomer"],
    },
  );
  const deps: ContractsDeps = {
    db,
    assets,
    customers,
    logger,
    outboxWritten: () => relay.wake(),
    clock: options.clock ?? (() => new Date()),
    ...(options.syncSettleMs === undefined ? {} : { syncSettleMs: options.syncSettleMs }),
  };
  const interval = options.leaseJobIntervalMs ?? 3_600_000;
  const job = interval > 0 ? startLeaseJob(deps, logger, interval) : null;

  const server = createGrpcServer({
    name: "contracts",
    logger,
    reflection: [leasesPackageDefinition],
  });
  server.add(LeaseServiceClient.service, leaseHandlers(deps));
  const port = await server.listen(options.grpcAddress);
  server.setServing(true);
  logger.info({ port }, "contracts service serving gRPC");

  return {
    port,
    deps,
    async close(graceMs) {
      await server.close(graceMs);
      await job?.close();
      await relay.close();
      assets.close();
      customers.close();
      await db.$disconnect();
    },
  };
}
