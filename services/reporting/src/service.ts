import { ReportingServiceClient, reportingPackageDefinition } from "@slms/contracts/reporting";
import { createPrismaClient } from "@slms/db";
import { createGrpcServer } from "@slms/grpc";
import type { Logger } from "@slms/logging";
import type { EventBus } from "@slms/messaging";
import type { ReportingDeps } from "./deps.ts";
import { eventSubscription } from "./events/consumer.ts";
import { PrismaClient } from "./generated/prisma/client.ts";
import { reportingHandlers } from "./grpc/handlers.ts";
import { RebuildWorker } from "./rebuild/worker.ts";
import { connectSources, type Sources, type SourceTargets } from "./sources.ts";
import { resumeRebuilds } from "./use-cases/resume-rebuilds.ts";

export type { SourceTargets } from "./sources.ts";

export const migrationsDir = new URL("../prisma/migrations", import.meta.url).pathname;

export interface ReportingServiceOptions {
  databaseUrl: string;
  /** Connections in the pool; embedded PostgreSQL wants 1. */
  poolMax?: number;
  bus: EventBus;
  logger: Logger;
  /** `host:port` to serve gRPC on; port 0 picks a free one. */
  grpcAddress: string;
  /** Now; tests move it. */
  clock?: () => Date;
  /**
   * Where the owning services listen, for rebuilds: asked on the first rebuild (the embedded
   * platform starts reporting first, before it knows their ports). Absent: no rebuilds.
   */
  sourceTargets?: () => SourceTargets;
}

export interface RunningReportingService {
  /** The bound gRPC port. */
  port: number;
  deps: ReportingDeps;
  /**
   * Resumes in the background the rebuilds a stopped process left running; call once the owning
   * services are reachable. Answers how many.
   */
  resumeRebuilds(): Promise<number>;
  /** Stops serving (letting calls finish for up to graceMs) and closes the pool. */
  close(graceMs?: number): Promise<void>;
}

/**
 * Starts the reporting service on already-migrated storage: the consumer that applies every
 * event to the read models (inbox), and gRPC. It calls no other service and publishes nothing.
 */
export async function startReportingService(
  options: ReportingServiceOptions,
): Promise<RunningReportingService> {
  const { logger } = options;
  const db = createPrismaClient(PrismaClient, {
    url: options.databaseUrl,
    poolMax: options.poolMax ?? 10,
  });
  let sources: Sources | null = null;
  const targets = options.sourceTargets;
  const deps: ReportingDeps = {
    db,
    logger,
    clock: options.clock ?? (() => new Date()),
    ...(targets ? { sources: () => (sources ??= connectSources(targets())) } : {}),
  };
  const rebuilds = new RebuildWorker(deps);
  deps.rebuilds = rebuilds;
  await options.bus.subscribe(eventSubscription(deps));

  const server = createGrpcServer({
    name: "reporting",
    logger,
    reflection: [reportingPackageDefinition],
  });
  server.add(ReportingServiceClient.service, reportingHandlers(deps));
  const port = await server.listen(options.grpcAddress);
  server.setServing(true);
  logger.info({ port }, "reporting service serving gRPC");

  return {
    port,
    deps,
    resumeRebuilds: () => resumeRebuilds(deps),
    async close(graceMs) {
      await server.close(graceMs);
      await rebuilds.close();
      sources?.close();
      await db.$disconnect();
    },
  };
}
