import {
  AccountingServiceClient,
  ApiClientServiceClient,
  accountingPackageDefinition,
  apiClientsPackageDefinition,
  BankLineServiceClient,
  bankLinesPackageDefinition,
} from "@slms/contracts/finance";
import { createPrismaClient } from "@slms/db";
import { createGrpcServer } from "@slms/grpc";
import type { Logger } from "@slms/logging";
import type { EventBus } from "@slms/messaging";
import { DEFAULT_API_CALL_RETENTION_DAYS } from "./config.ts";
import type { FinanceDeps } from "./deps.ts";
import { type EdgeOptions, type EdgeServer, startEdgeServer } from "./edge/server.ts";
import { changeSubscription } from "./events/change-consumer.ts";
import { PrismaClient } from "./generated/prisma/client.ts";
import { accountingHandlers } from "./grpc/accounting-handlers.ts";
import { apiClientHandlers } from "./grpc/api-client-handlers.ts";
import { bankLineHandlers } from "./grpc/bank-line-handlers.ts";
import { startPruneJob } from "./jobs/prune.ts";
import { connectOwners, type Owners, type OwnerTargets } from "./owners.ts";

export {
  DEFAULT_API_CALL_RETENTION_DAYS,
  financeConfigSpec,
  loadFinanceConfig,
} from "./config.ts";
export type { EdgeOptions, EdgeTls } from "./edge/server.ts";
export type { OwnerTargets } from "./owners.ts";

/** The finance service's migrations (api_clients, api_calls, feed_items, account_mappings). */
export const migrationsDir = new URL("../prisma/migrations", import.meta.url).pathname;

export interface FinanceServiceOptions {
  databaseUrl: string;
  /** Connections in the pool; embedded PostgreSQL wants 1. */
  poolMax?: number;
  logger: Logger;
  /**
   * The event bus: billing's and payments' money events become the change feed (queue
   * `finance.changes`).
   */
  bus: EventBus;
  /** `host:port` of the internal gRPC server (ApiClientService; no TLS); port 0 picks one. */
  grpcAddress: string;
  /**
   * The public edge (FinanceService over TLS, health, reflection). Absent: only the internal
   * server runs.
   */
  edge?: EdgeOptions;
  /**
   * Where assets, customers and contracts listen: asked on first use (the embedded launcher
   * may start them after this service).
   */
  owners: () => OwnerTargets;
  /** Now; tests move it. */
  clock?: () => Date;
  /** API-call audit rows are kept this many days, then deleted. Default 400. */
  apiCallRetentionDays?: number;
  /** How often old audit rows are deleted. Default hourly; 0 turns it off (tests run it by hand). */
  pruneIntervalMs?: number;
}

export interface RunningFinanceService {
  /** The internal gRPC port. */
  port: number;
  /** The edge's TLS port; null without an edge. */
  edgePort: number | null;
  deps: FinanceDeps;
  /** Stops the edge, then the internal server (each lets calls finish for up to graceMs). */
  close(graceMs?: number): Promise<void>;
}

/**
 * Starts the finance service on already-migrated storage: the consumer that appends billing's
 * and payments' money events to the change feed (each with its journal entry), the internal
 * ApiClientService, AccountingService and BankLineService (insecure, like every internal service: only the gateway
 * reaches it) and, when `edge` is given, the public TLS edge. Used by `main.ts` and by the embedded launcher.
 */
export async function startFinanceService(
  options: FinanceServiceOptions,
): Promise<RunningFinanceService> {
  const { logger } = options;
  const db = createPrismaClient(PrismaClient, {
    url: options.databaseUrl,
    poolMax: options.poolMax ?? 10,
  });
  let owners: Owners | null = null;
  const deps: FinanceDeps = {
    db,
    logger,
    owners: () => (owners ??= connectOwners(options.owners())),
    clock: options.clock ?? (() => new Date()),
  };

  await options.bus.subscribe(changeSubscription(deps));
  const pruneIntervalMs = options.pruneIntervalMs ?? 3_600_000;
  const prune =
    pruneIntervalMs > 0
      ? startPruneJob(deps, logger, {
          intervalMs: pruneIntervalMs,
          retentionDays: options.apiCallRetentionDays ?? DEFAULT_API_CALL_RETENTION_DAYS,
        })
      : null;

  const server = createGrpcServer({
    name: "finance",
    logger,
    reflection: [
      apiClientsPackageDefinition,
      accountingPackageDefinition,
      bankLinesPackageDefinition,
    ],
  });
  server.add(ApiClientServiceClient.service, apiClientHandlers(deps));
  server.add(AccountingServiceClient.service, accountingHandlers(deps));
  server.add(BankLineServiceClient.service, bankLineHandlers(deps));
  let edge: EdgeServer | null = null;
  let port: number;
  try {
    port = await server.listen(options.grpcAddress);
    if (options.edge) edge = await startEdgeServer(deps, logger, options.edge);
  } catch (error) {
    await server.close(0);
    await prune?.close();
    await db.$disconnect();
    throw error;
  }
  server.setServing(true);
  logger.info({ port }, "finance service serving internal gRPC");

  return {
    port,
    edgePort: edge?.port ?? null,
    deps,
    async close(graceMs) {
      await edge?.close(graceMs);
      await server.close(graceMs);
      await prune?.close();
      owners?.close();
      await db.$disconnect();
    },
  };
}
