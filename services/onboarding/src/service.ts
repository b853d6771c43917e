import { OnboardingServiceClient, onboardingPackageDefinition } from "@slms/contracts/onboarding";
import { createOutboxStore, createPrismaClient } from "@slms/db";
import { createGrpcServer } from "@slms/grpc";
import type { Logger } from "@slms/logging";
import { type EventBus, startOutboxRelay } from "@slms/messaging";
import { CommitWorker } from "./commit/worker.ts";
import type { OnboardingDeps } from "./deps.ts";
import { PrismaClient } from "./generated/prisma/client.ts";
import { onboardingHandlers } from "./grpc/handlers.ts";
import { connectOwners, type Owners, type OwnerTargets } from "./sources.ts";
import { resumeImports } from "./use-cases/resume-imports.ts";

export type { OwnerTargets } from "./sources.ts";

export const migrationsDir = new URL("../prisma/migrations", import.meta.url).pathname;

export interface OnboardingServiceOptions {
  databaseUrl: string;
  /** Connections in the pool; embedded PostgreSQL wants 1. */
  poolMax?: number;
  bus: EventBus;
  logger: Logger;
  /** `host:port` to serve gRPC on; port 0 picks a free one. */
  grpcAddress: string;
  /** Where the owning services listen: asked on first use (embedded mode starts them after). */
  owners: () => OwnerTargets;
  /**
   * How often commits no process works (a crash, an owning service that was unreachable) are
   * resumed. Default 30 s; 0: only when `resumeImports` is called.
   */
  sweepIntervalMs?: number;
  /** Now; tests move it. */
  clock?: () => Date;
}

export interface RunningOnboardingService {
  port: number;
  deps: OnboardingDeps;
  /** Resumes commits left by a stopped process; call once the owning services are reachable. */
  resumeImports(): Promise<number>;
  close(graceMs?: number): Promise<void>;
}

/**
 * Starts the onboarding service on already-migrated storage: gRPC, the commit worker, the sweep
 * that resumes abandoned commits, and the outbox relay of its `onboarding.import.finished`.
 */
export async function startOnboardingService(
  options: OnboardingServiceOptions,
): Promise<RunningOnboardingService> {
  const { logger } = options;
  const db = createPrismaClient(PrismaClient, {
    url: options.databaseUrl,
    poolMax: options.poolMax ?? 10,
  });
  const relay = startOutboxRelay({
    source: createOutboxStore(db),
    bus: options.bus,
    logger,
    service: "onboarding",
  });
  let owners: Owners | null = null;
  const base = {
    db,
    logger,
    owners: () => (owners ??= connectOwners(options.owners())),
    clock: options.clock ?? (() => new Date()),
    outboxWritten: () => relay.wake(),
  };
  const commits = new CommitWorker(base);
  const deps: OnboardingDeps = { ...base, commits };

  const server = createGrpcServer({
    name: "onboarding",
    logger,
    reflection: [onboardingPackageDefinition],
  });
  server.add(OnboardingServiceClient.service, onboardingHandlers(deps));
  const port = await server.listen(options.grpcAddress);
  server.setServing(true);
  logger.info({ port }, "onboarding service serving gRPC");

  const sweepMs = options.sweepIntervalMs ?? 30_000;
  const sweep =
    sweepMs > 0
      ? setInterval(() => {
          resumeImports(deps).catch((error) => logger.warn({ err: error }, "sweep failed"));
        }, sweepMs)
      : null;
  sweep?.unref();

  return {
    port,
    deps,
    resumeImports: () => resumeImports(deps),
    async close(graceMs) {
      if (sweep) clearInterval(sweep);
      await server.close(graceMs);
      await commits.close();
      await relay.close();
      owners?.close();
      await db.$disconnect();
    },
  };
}
