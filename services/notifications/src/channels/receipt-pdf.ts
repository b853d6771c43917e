import { PaymentServiceClient, type PaymentServiceDefinition } from "@slms/contracts/payments";
import { isDomainError } from "@slms/errors";
import { createClient, type GrpcClient } from "@slms/grpc";
import type { Attachment } from "./transport.ts";

/** A payment whose receipt is wanted. */
export interface ReceiptRef {
  orgId: string;
  siteId: string;
  paymentId: string;
}

/**
 * What asking for a receipt came to: the PDF, or why not — `permanent` when no retry can mend it
 * (payments does not know the payment, refused the request), otherwise worth another try later
 * (payments unreachable, too slow).
 */
export type ReceiptFetch =
  | { status: "ok"; attachment: Attachment }
  | { status: "failed"; permanent: boolean; reason: string };

/** Where receipt PDFs come from (the payments service). */
export interface ReceiptSource {
  fetch(ref: ReceiptRef): Promise<ReceiptFetch>;
  close(): void;
}

const permanentKinds = new Set([
  "invalid",
  "not_found",
  "forbidden",
  "conflict",
  "unauthenticated",
]);

/**
 * Receipt PDFs from payments' `GetReceiptPdf`, asked as the system on the payment's organisation
 * and site only. A domain refusal (not found, invalid, forbidden…) is permanent; unavailable, a
 * deadline or any other error is passing (the call is a read, retried on UNAVAILABLE).
 */
export function createPaymentsReceiptSource(
  target: string | (() => string),
  options: { deadlineMs?: number } = {},
): ReceiptSource {
  // Connected on first use: the embedded platform knows payments' port only once it started.
  let payments: GrpcClient<PaymentServiceDefinition> | null = null;
  const client = () =>
    (payments ??= createClient<PaymentServiceDefinition>(
      PaymentServiceClient,
      typeof target === "string" ? target : target(),
      { deadlineMs: options.deadlineMs ?? 15_000, idempotent: ["GetReceiptPdf"] },
    ));
  return {
    async fetch(ref) {
      try {
        const { pdf, fileName } = await client().GetReceiptPdf(
          { siteId: ref.siteId, paymentId: ref.paymentId },
          {
            caller: {
              actor: "system:notifications",
              orgId: ref.orgId,
              siteIds: [ref.siteId],
              roles: ["system"],
            },
          },
        );
        return {
          status: "ok",
          attachment: {
            filename: fileName || `receipt-${ref.paymentId}.pdf`,
            contentType: "application/pdf",
            content: Buffer.from(pdf),
          },
        };
      } catch (error) {
        const reason = `payments: ${error instanceof Error ? error.message : String(error)}`;
        const permanent = isDomainError(error) && permanentKinds.has(error.kind);
        return { status: "failed", permanent, reason };
      }
    },
    close: () => payments?.close(),
  };
}
