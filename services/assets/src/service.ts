import { AssetsServiceClient, assetsPackageDefinition } from "@slms/contracts/assets";
import { createDatabase, createOutboxStore } from "@slms/db";
import { createGrpcServer } from "@slms/grpc";
import type { Logger } from "@slms/logging";
import { type EventBus, startOutboxRelay } from "@slms/messaging";
import type { AssetsDeps } from "./deps.ts";
import { PrismaClient } from "./generated/prisma/client.ts";
import { assetsHandlers } from "./grpc/handlers.ts";
import { startStatusSync } from "./jobs/status-sync.ts";

export const migrationsDir = new URL("../prisma/migrations", import.meta.url).pathname;

export interface AssetsServiceOptions {
  databaseUrl: string;
  /** Connections in the pool; embedded PostgreSQL wants 1. */
  poolMax?: number;
  bus: EventBus;
  logger: Logger;
  /** `host:port` to serve gRPC on; port 0 picks a free one. */
  grpcAddress: string;
  /** How often unit statuses are synced with holds. Default 15 min; 0 turns the job off. */
  statusSyncIntervalMs?: number;
  /** Settle horizon of lists by update time (`updated_since`), ms. Default 10 s. */
  syncSettleMs?: number;
}

export interface RunningAssetsService {
  /** The bound gRPC port. */
  port: number;
  /** Stops serving (letting calls finish for up to graceMs), stops the relay, closes the pool. */
  close(graceMs?: number): Promise<void>;
}

/**
 * Starts the assets service on already-migrated storage: the gRPC server, and the outbox relay
 * that publishes its events. Used by `main.ts` (one process per service) and by the embedded
 * launcher (all services in one process).
 */
export async function startAssetsService(
  options: AssetsServiceOptions,
): Promise<RunningAssetsService> {
  const logger = options.logger;
  const { prisma: db, pool } = createDatabase(PrismaClient, {
    url: options.databaseUrl,
    poolMax: options.poolMax ?? 10,
  });
  const relay = startOutboxRelay({
    source: createOutboxStore(db),
    bus: options.bus,
    logger,
    service: "assets",
  });
  const deps: AssetsDeps = {
    db,
    pool,
    outboxWritten: () => relay.wake(),
    ...(options.syncSettleMs === undefined ? {} : { syncSettleMs: options.syncSettleMs }),
  };
  const syncInterval = options.statusSyncIntervalMs ?? 15 * 60_000;
  const statusSync = syncInterval > 0 ? startStatusSync(deps, logger, syncInterval) : null;

  const server = createGrpcServer({
    name: "assets",
    logger,
    reflection: [assetsPackageDefinition],
  });
  server.add(AssetsServiceClient.service, assetsHandlers(deps));
  const port = await server.listen(options.grpcAddress);
  server.setServing(true);
  logger.info({ port }, "assets service serving gRPC");

  return {
    port,
    async close(graceMs) {
      await server.close(graceMs);
      await statusSync?.close();
      await relay.close();
      await db.$disconnect();
    },
  };
}
