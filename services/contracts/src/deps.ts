import type { AssetsServiceDefinition } from "@slms/contracts/assets";
import type { CustomersServiceDefinition } from "@slms/contracts/customers";
import type { GrpcClient } from "@slms/grpc";
import type { Logger } from "@slms/logging";
import type { PrismaClient } from "./generated/prisma/client.ts";

/** What the contracts use-cases need: their database, the services they ask, a clock. */
export interface ContractsDeps {
  db: PrismaClient;
  assets: GrpcClient<AssetsServiceDefinition>;
  customers: GrpcClient<CustomersServiceDefinition>;
  logger: Logger;
  /** Call after committing a transaction that wrote outbox events. */
  outboxWritten(): void;
  /** Now; tests move it to exercise expiry and critical dates. */
  clock(): Date;
  /**
   * Settle horizon of lists by update time, in ms: only rows stamped longer ago are listed
   * (@slms/db updateKeyset). Default DEFAULT_SYNC_SETTLE_MS (10 s).
   */
  syncSettleMs?: number;
}

/** A Prisma transaction client of this service. */
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
