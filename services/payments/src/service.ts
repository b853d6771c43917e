import { AssetsServiceClient, type AssetsServiceDefinition } from "@slms/contracts/assets";
import { BillingServiceClient, type BillingServiceDefinition } from "@slms/contracts/billing";
import { CustomersServiceClient, type CustomersServiceDefinition } from "@slms/contracts/customers";
import { LeaseServiceClient, type LeaseServiceDefinition } from "@slms/contracts/leases";
import { PaymentServiceClient, paymentsPackageDefinition } from "@slms/contracts/payments";
import { createOutboxStore, createPrismaClient } from "@slms/db";
import { createClient, createGrpcServer } from "@slms/grpc";
import type { Logger } from "@slms/logging";
import { type EventBus, startOutboxRelay } from "@slms/messaging";
import { createSiteDirectory } from "./clients/sites.ts";
import type { PaymentsDeps } from "./deps.ts";
import { PrismaClient } from "./generated/prisma/client.ts";
import { paymentsHandlers } from "./grpc/handlers.ts";
import { startAllocationRetry } from "./jobs/allocation-retry.ts";

export const migrationsDir = new URL("../prisma/migrations", import.meta.url).pathname;

export interface PaymentsServiceOptions {
  databaseUrl: string;
  /** Connections in the pool; embedded PostgreSQL wants 1. */
  poolMax?: number;
  bus: EventBus;
  logger: Logger;
  /** `host:port` to serve gRPC on; port 0 picks a free one. */
  grpcAddress: string;
  /** The billing service (`host:port`): allocations, reversals, prepayment, lease balances. */
  billingTarget: string;
  /** The assets service (`host:port`): a site's code, name, currency and time zone. */
  assetsTarget: string;
  /** The customers service (`host:port`): the customer a payment, refund or deposit names. */
  customersTarget: string;
  /** The contracts service (`host:port`): the lease a payment or deposit names, its state. */
  contractsTarget: string;
  /**
   * How often payments billing has not allocated yet (it was unreachable) are retried.
   * Default 1 min; 0 turns the job off (tests run `allocatePendingPayments` by hand).
   */
  allocationRetryIntervalMs?: number;
  /** Deadline of calls to billing. Default 10 s. */
  billingDeadlineMs?: number;
  clock?: () => Date;
}

export interface RunningPaymentsService {
  /** The bound gRPC port. */
  port: number;
  deps: PaymentsDeps;
  /** Stops serving (letting calls finish for up to graceMs), the job, the relay; closes the pool. */
  close(graceMs?: number): Promise<void>;
}

/**
 * Starts the payments service on already-migrated storage: the gRPC server, the outbox relay
 * that publishes its events, and the job that retries pending allocations. Used by `main.ts`
 * (one process per service) and by the embedded launcher (all services in one process).
 */
export async function startPaymentsService(
  options: PaymentsServiceOptions,
): Promise<RunningPaymentsService> {
  const logger = options.logger;
  const db = createPrismaClient(PrismaClient, {
    url: options.databaseUrl,
    poolMax: options.poolMax ?? 10,
  });
  const relay = startOutboxRelay({
    source: createOutboxStore(db),
    bus: options.bus,
    logger,
    service: "payments",
  });
  // Every billing call here is idempotent by payment id, reference or read, so all may retry.
  const billing = createClient<BillingServiceDefinition>(
    BillingServiceClient,
    options.billingTarget,
    {
      deadlineMs: options.billingDeadlineMs ?? 10_000,
      idempotent: [
        "AllocatePayment",
        "ReverseAllocation",
        "WithdrawPrepayment",
        "GetLeaseBalance",
        "GetBill",
        "ListFeeItems",
      ],
    },
  );
  const assets = createClient<AssetsServiceDefinition>(AssetsServiceClient, options.assetsTarget, {
    idempotent: ["GetSite"],
  });
  const customers = createClient<CustomersServiceDefinition>(
    CustomersServiceClient,
    options.customersTarget,
    { idempotent: ["GetCustomer"] },
  );
  const contracts = createClient<LeaseServiceDefinition>(
    LeaseServiceClient,
    options.contractsTarget,
    { idempotent: ["GetLease"] },
  );
  const deps: PaymentsDeps = {
    db,
    billing,
    customers,
    contracts,
    sites: createSiteDirectory(assets),
    logger,
    outboxWritten: () => relay.wake(),
    clock: options.clock ?? (() => new Date()),
  };
  const retryInterval = options.allocationRetryIntervalMs ?? 60_000;
  const retry = retryInterval > 0 ? startAllocationRetry(deps, logger, retryInterval) : null;

  const server = createGrpcServer({
    name: "payments",
    logger,
    reflection: [paymentsPackageDefinition],
  });
  server.add(PaymentServiceClient.service, paymentsHandlers(deps));
  const port = await server.listen(options.grpcAddress);
  server.setServing(true);
  logger.info({ port }, "payments service serving gRPC");

  return {
    port,
    deps,
    async close(graceMs) {
      await server.close(graceMs);
      await retry?.close();
      await relay.close();
      billing.close();
      assets.close();
      customers.close();
      contracts.close();
      await db.$disconnect();
    },
  };
}
