import type { Logger } from "@slms/logging";
import type { ReceiptSource } from "./channels/receipt-pdf.ts";
import type { Transports } from "./channels/transport.ts";
import type { RetryPolicy } from "./domain/backoff.ts";
import type { PrismaClient } from "./generated/prisma/client.ts";

/** What the notifications use-cases need. */
export interface NotificationsDeps {
  db: PrismaClient;
  logger: Logger;
  /** Now; tests move it. */
  clock(): Date;
  /** The transport of each channel this deployment sends on; messages are queued only for these. */
  transports: Transports;
  retry: RetryPolicy;
  /** How long a dispatcher owns the messages it claimed before another may take them over. */
  claimTtlMs: number;
  /** Receipt PDFs to attach to receipt e-mails (payments' GetReceiptPdf); null: the link only. */
  receipts: ReceiptSource | null;
  /** The link to a payment's receipt in receipt messages (empty: no link). */
  receiptUrl(paymentId: string): string;
  /** Where the file transport writes (embedded mode), for ListOutboxFiles; null when none. */
  outboxDirectory: string | null;
  /** Called after messages were queued, so the dispatcher need not wait for its next tick. */
  queued(): void;
}

/** A Prisma transaction client of this service. */
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
/** The client or a transaction: what read helpers take. */
export type Db = PrismaClient | Tx;
