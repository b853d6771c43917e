import type { BillingServiceDefinition } from "@slms/contracts/billing";
import type { CustomersServiceDefinition } from "@slms/contracts/customers";
import type { LeaseServiceDefinition } from "@slms/contracts/leases";
import type { GrpcClient } from "@slms/grpc";
import type { Logger } from "@slms/logging";
import type { SiteDirectory } from "./clients/sites.ts";
import type { PrismaClient } from "./generated/prisma/client.ts";

/** What the payments use-cases need: their database, billing, the sites they print, a clock. */
export interface PaymentsDeps {
  db: PrismaClient;
  /** Decides what a payment pays; payments only records that money arrived. */
  billing: GrpcClient<BillingServiceDefinition>;
  /** Owner of customers: the customer a payment, refund or deposit names must be of its site. */
  customers: GrpcClient<CustomersServiceDefinition>;
  /** Owner of leases: a lease named must be of the site and the customer; deposits need its state. */
  contracts: GrpcClient<LeaseServiceDefinition>;
  /** A site's code, name, currency and time zone (from the assets service, cached). */
  sites: SiteDirectory;
  logger: Logger;
  /** Call after committing a transaction that wrote outbox events. */
  outboxWritten(): void;
  /** Now; tests move it. */
  clock(): Date;
}

/** A Prisma transaction client of this service. */
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
