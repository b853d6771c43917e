import type { Logger } from "@slms/logging";
import type { PrismaClient } from "./generated/prisma/client.ts";

/** What the reporting use-cases need: their database and a clock. */
export interface ReportingDeps {
  db: PrismaClient;
  logger: Logger;
  /** Now; tests move it. */
  clock(): Date;
}

/** A Prisma transaction client of this service. */
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
