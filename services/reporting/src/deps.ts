import type { Logger } from "@slms/logging";
import type { PrismaClient } from "./generated/prisma/client.ts";
import type { RebuildWorker } from "./rebuild/worker.ts";
import type { Sources } from "./sources.ts";

/** What the reporting use-cases need: their database and a clock. */
export interface ReportingDeps {
  db: PrismaClient;
  logger: Logger;
  /** Now; tests move it. */
  clock(): Date;
  /** The services that own the data, for rebuilds (connected on first use); absent: none. */
  sources?: () => Sources;
  /** Works rebuilds in this process; absent where nothing is rebuilt. */
  rebuilds?: RebuildWorker;
}

/** A Prisma transaction client of this service. */
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
