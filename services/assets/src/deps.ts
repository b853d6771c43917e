import type { Database } from "@slms/db";
import type { PrismaClient } from "./generated/prisma/client.ts";

/** What every use-case needs: the service's database and a way to hurry the outbox relay. */
export interface AssetsDeps {
  db: PrismaClient;
  /** The pool under `db`, for the hot reads written in plain SQL (db/unit-page.ts). */
  pool: Database<PrismaClient>["pool"];
  /** Call after committing a transaction that wrote outbox events. */
  outboxWritten(): void;
  /**
   * Settle horizon of lists by update time, in ms: only rows stamped longer ago are listed
   * (@slms/db updateKeyset). Default DEFAULT_SYNC_SETTLE_MS (10 s).
   */
  syncSettleMs?: number;
}

/** A Prisma transaction client of this service. */
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
