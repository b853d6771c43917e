import type { Logger } from "@slms/logging";
import type { CommitWorker } from "./commit/worker.ts";
import type { PrismaClient } from "./generated/prisma/client.ts";
import type { Owners } from "./sources.ts";

/** What the onboarding use-cases need. */
export interface OnboardingDeps {
  db: PrismaClient;
  logger: Logger;
  /** The owning services (connected on first use). */
  owners: () => Owners;
  /** Works commits in this process. */
  commits: CommitWorker;
  /** Now; tests move it. */
  clock(): Date;
  /** Wakes the outbox relay after a transaction wrote events. */
  outboxWritten(): void;
}

/** A Prisma transaction client of this service. */
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
