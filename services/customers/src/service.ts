import { CustomersServiceClient, customersPackageDefinition } from "@slms/contracts/customers";
import { createOutboxStore, createPrismaClient } from "@slms/db";
import { createGrpcServer } from "@slms/grpc";
import type { Logger } from "@slms/logging";
import { type EventBus, startOutboxRelay } from "@slms/messaging";
import type { CustomersDeps } from "./deps.ts";
import { createIdProtection } from "./domain/id-protection.ts";
import { PrismaClient } from "./generated/prisma/client.ts";
import { customersHandlers } from "./grpc/handlers.ts";
import { backfillPartyIds } from "./use-cases/backfill-party-ids.ts";

export { parseKey } from "./domain/id-protection.ts";

export const migrationsDir = new URL("../prisma/migrations", import.meta.url).pathname;

export interface CustomersServiceOptions {
  databaseUrl: string;
  /** Connections in the pool; embedded PostgreSQL wants 1. */
  poolMax?: number;
  bus: EventBus;
  logger: Logger;
  /** `host:port` to serve gRPC on; port 0 picks a free one. */
  grpcAddress: string;
  /** 32-byte AES-256-GCM key for ID numbers at rest (`parseKey` reads the base64 form). */
  encryptionKey: Uint8Array;
  /** 32-byte HMAC-SHA256 key for the ID number blind index; must differ from encryptionKey. */
  hmacKey: Uint8Array;
  /** Settle horizon of lists by update time (`updated_since`), ms. Default 10 s. */
  syncSettleMs?: number;
}

export interface RunningCustomersService {
  /** The bound gRPC port. */
  port: number;
  /** Stops serving (letting calls finish for up to graceMs), stops the relay, closes the pool. */
  close(graceMs?: number): Promise<void>;
}

/**
 * Starts the customers service on already-migrated storage: fills in the party ids of rows
 * older than them (backfill-party-ids.ts; nothing to do after the first start), then the gRPC
 * server and the outbox relay that publishes its events. Used by `main.ts` (one process per
 * service) and by the embedded launcher (all services in one process). Throws before opening
 * anything when a key is not 32 bytes or both keys are equal.
 */
export async function startCustomersService(
  options: CustomersServiceOptions,
): Promise<RunningCustomersService> {
  const logger = options.logger;
  const idProtection = createIdProtection({
    encryptionKey: options.encryptionKey,
    hmacKey: options.hmacKey,
  });
  const db = createPrismaClient(PrismaClient, {
    url: options.databaseUrl,
    poolMax: options.poolMax ?? 10,
  });
  const filled = await backfillPartyIds({ db, idProtection }).catch(async (error: unknown) => {
    await db.$disconnect();
    throw error;
  });
  if (filled > 0) logger.info({ customers: filled }, "filled in party ids");
  const relay = startOutboxRelay({
    source: createOutboxStore(db),
    bus: options.bus,
    logger,
    service: "customers",
  });
  const deps: CustomersDeps = {
    db,
    idProtection,
    outboxWritten: () => relay.wake(),
    ...(options.syncSettleMs === undefined ? {} : { syncSettleMs: options.syncSettleMs }),
  };

  const server = createGrpcServer({
    name: "customers",
    logger,
    reflection: [customersPackageDefinition],
  });
  server.add(CustomersServiceClient.service, customersHandlers(deps));
  const port = await server.listen(options.grpcAddress);
  server.setServing(true);
  logger.info({ port }, "customers service serving gRPC");

  return {
    port,
    async close(graceMs) {
      await server.close(graceMs);
      await relay.close();
      await db.$disconnect();
    },
  };
}
