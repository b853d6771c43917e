import {
  NotificationsServiceClient,
  notificationsPackageDefinition,
} from "@slms/contracts/notifications";
import { createPrismaClient } from "@slms/db";
import { createGrpcServer } from "@slms/grpc";
import type { Logger } from "@slms/logging";
import type { EventBus } from "@slms/messaging";
import { createPaymentsReceiptSource } from "./channels/receipt-pdf.ts";
import type { Transports } from "./channels/transport.ts";
import { buildTransports, type ChannelOptions } from "./channels/transports.ts";
import type { NotificationsDeps } from "./deps.ts";
import { defaultRetryPolicy, type RetryPolicy } from "./domain/backoff.ts";
import { eventSubscription } from "./events/consumer.ts";
import { PrismaClient } from "./generated/prisma/client.ts";
import { notificationsHandlers } from "./grpc/handlers.ts";
import { startDispatcher } from "./jobs/dispatcher.ts";
import { startScheduler } from "./jobs/scheduler.ts";

export type { ChannelOptions } from "./channels/transports.ts";
export type { RetryPolicy } from "./domain/backoff.ts";

export const migrationsDir = new URL("../prisma/migrations", import.meta.url).pathname;

export interface NotificationsServiceOptions {
  databaseUrl: string;
  /** Connections in the pool; embedded PostgreSQL wants 1. */
  poolMax?: number;
  bus: EventBus;
  logger: Logger;
  /** `host:port` to serve gRPC on; port 0 picks a free one. */
  grpcAddress: string;
  /** The channels to send on (SMTP, Alibaba Cloud SMS, webhooks, or an outbox directory). */
  channels: ChannelOptions;
  /** Instead of `channels`: transports made by the caller (tests, benchmarks). */
  transports?: Transports;
  /** Receipt link in receipt messages; `{paymentId}` is replaced. Default: no link. */
  receiptUrl?: string;
  /**
   * The payments service (`host:port`, or asked on first use): receipt e-mails get the receipt PDF from its
   * GetReceiptPdf attached. Absent: the link only (the delivery log says so).
   */
  paymentsTarget?: string | (() => string);
  /** Deadline of a GetReceiptPdf call. Default 15 s. */
  paymentsDeadlineMs?: number;
  /** How often due reminders and dunning steps are queued. Default 1 min; 0: never (tests). */
  schedulerIntervalMs?: number;
  /** How often queued messages are looked for besides wake-ups. Default 2 s; 0: never (tests). */
  dispatchIntervalMs?: number;
  /** Retries of passing failures. Default: 30 s doubling to 1 h, 10 tries. */
  retry?: RetryPolicy;
  /** How long a dispatcher holds a message it claimed. Default 2 min. */
  claimTtlMs?: number;
  /** Now; tests move it. */
  clock?: () => Date;
}

export interface RunningNotificationsService {
  /** The bound gRPC port. */
  port: number;
  deps: NotificationsDeps;
  /** Stops serving (letting calls finish for up to graceMs), the jobs, the transports; closes the pool. */
  close(graceMs?: number): Promise<void>;
}

/**
 * Starts the notifications service on already-migrated storage: the consumer that applies the
 * events it needs (inbox; `consumedEventTypes` in use-cases/apply-event.ts — sites, customers,
 * bills, leases expiring, payments, and for staff notices users, billing runs finished and
 * waivers awaiting approval), the scheduler that queues reminders and dunning steps as days pass,
 * the dispatcher that sends (receipt e-mails with the PDF from payments when `paymentsTarget` is
 * given), and gRPC (settings, templates, opt-outs, the delivery log, each staff user's in-app
 * inbox). Both jobs are safe on every replica.
 */
export async function startNotificationsService(
  options: NotificationsServiceOptions,
): Promise<RunningNotificationsService> {
  const { logger } = options;
  const db = createPrismaClient(PrismaClient, {
    url: options.databaseUrl,
    poolMax: options.poolMax ?? 10,
  });
  const transports = options.transports ?? buildTransports(options.channels);
  const receiptUrl = options.receiptUrl ?? "";
  const receipts = options.paymentsTarget
    ? createPaymentsReceiptSource(options.paymentsTarget, {
        deadlineMs: options.paymentsDeadlineMs,
      })
    : null;
  let wake = () => {};
  const deps: NotificationsDeps = {
    db,
    logger,
    clock: options.clock ?? (() => new Date()),
    transports,
    retry: options.retry ?? defaultRetryPolicy,
    claimTtlMs: options.claimTtlMs ?? 120_000,
    receipts,
    receiptUrl: (paymentId) => receiptUrl.replaceAll("{paymentId}", encodeURIComponent(paymentId)),
    outboxDirectory: options.channels.outboxDirectory ?? null,
    queued: () => wake(),
  };
  await options.bus.subscribe(eventSubscription(deps));
  const dispatchInterval = options.dispatchIntervalMs ?? 2_000;
  const dispatcher = dispatchInterval > 0 ? startDispatcher(deps, dispatchInterval) : null;
  if (dispatcher) wake = () => dispatcher.wake();
  const schedulerInterval = options.schedulerIntervalMs ?? 60_000;
  const scheduler = schedulerInterval > 0 ? startScheduler(deps, schedulerInterval) : null;

  const server = createGrpcServer({
    name: "notifications",
    logger,
    reflection: [notificationsPackageDefinition],
  });
  server.add(NotificationsServiceClient.service, notificationsHandlers(deps));
  const port = await server.listen(options.grpcAddress);
  server.setServing(true);
  logger.info({ port, channels: Object.keys(transports) }, "notifications service serving gRPC");

  return {
    port,
    deps,
    async close(graceMs) {
      await server.close(graceMs);
      await scheduler?.close();
      await dispatcher?.close();
      for (const transport of Object.values(transports)) await transport?.close?.();
      receipts?.close();
      await db.$disconnect();
    },
  };
}
