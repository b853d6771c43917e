import type { AssetsServiceDefinition } from "@slms/contracts/assets";
import type { CustomersServiceDefinition } from "@slms/contracts/customers";
import type { LeaseServiceDefinition } from "@slms/contracts/leases";
import type { GrpcClient } from "@slms/grpc";
import type { Logger } from "@slms/logging";
import type { PrismaClient } from "./generated/prisma/client.ts";

/** What the billing use-cases need. */
export interface BillingDeps {
  db: PrismaClient;
  assets: GrpcClient<AssetsServiceDefinition>;
  /** Owner of customers: asked whether one billing has no ledger for exists at a site. */
  customers: GrpcClient<CustomersServiceDefinition>;
  /** Owner of leases: asked about a lease billing has not seen activated yet (a draft). */
  contracts: GrpcClient<LeaseServiceDefinition>;
  logger: Logger;
  /** Call after committing a transaction that wrote outbox events. */
  outboxWritten(): void;
  /** Now; tests move it. */
  clock(): Date;
  /** Waivers above this (minor units) wait for approval by another user. */
  waiverApprovalThresholdMinor: number;
  /** Bills a billing run issues per statement (and per commit). */
  runChunkSize: number;
  /** Sites a billing run bills at once, each on a connection of its own. */
  runWorkers: number;
}

export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
