import type { IdProtection } from "./domain/id-protection.ts";
import type { PrismaClient } from "./generated/prisma/client.ts";

/** What every use-case needs: the database, ID number protection, and the outbox relay. */
export interface CustomersDeps {
  db: PrismaClient;
  /** Encrypts, decrypts and blind-indexes ID numbers with the service's keys. */
  idProtection: IdProtection;
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
