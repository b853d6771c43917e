import type { Logger } from "@slms/logging";
import type { PrismaClient } from "./generated/prisma/client.ts";
import type { Owners } from "./owners.ts";

/** What the finance use-cases need. */
export interface FinanceDeps {
  db: PrismaClient;
  logger: Logger;
  /** The owning services (connected on first use: embedded mode may start them after). */
  owners: () => Owners;
  /** Now; tests move it. */
  clock(): Date;
}
