import type { PaymentMethodName } from "./payment-methods.ts";

/** One bill a payment paid, and how much of it (billing's answer). */
export interface AllocationView {
  billId: string;
  amountMinor: number;
}

/** A payment as use-cases return it; the gRPC layer maps it to the proto message. */
export interface PaymentView {
  id: string;
  orgId: string;
  siteId: string;
  customerId: string;
  leaseId: string | null;
  method: PaymentMethodName;
  amountMinor: number;
  currency: string;
  receivedAt: Date;
  payer: string;
  reference: string;
  status: "recorded" | "reversed";
  receiptNumber: string;
  /** pending until billing answered; failed when billing refused (staff must look). */
  allocationStatus: "pending" | "allocated" | "failed";
  allocations: AllocationView[];
  /** What billing made prepayment; 0 until allocated. */
  prepaidMinor: number;
  reversalReason: string | null;
  reversedAt: Date | null;
  reversedBy: string | null;
  recordedBy: string;
  /** As printed on the receipt: the lease's reference and the cashier's name when taken ("" if not given). */
  leaseReference: string;
  recordedByName: string;
  createdAt: Date;
}

export interface RefundView {
  id: string;
  siteId: string;
  customerId: string;
  leaseId: string | null;
  amountMinor: number;
  currency: string;
  method: PaymentMethodName;
  reason: string;
  createdAt: Date;
}

export type DepositEntryTypeName = "received" | "applied" | "refunded" | "forfeited";

export interface DepositEntryView {
  id: string;
  leaseId: string;
  type: DepositEntryTypeName;
  /** Positive for received; negative for applied, refunded, forfeited. */
  amountMinor: number;
  reference: string;
  note: string;
  actor: string;
  createdAt: Date;
}

export interface DepositLedgerView {
  entries: DepositEntryView[];
  heldMinor: number;
}

export interface SettlementView {
  appliedMinor: number;
  refundedMinor: number;
  forfeitedMinor: number;
  allocations: AllocationView[];
  entries: DepositEntryView[];
}

/** One page of a list and the token of the next, or null on the last page. */
export interface Page<T> {
  items: T[];
  nextPageToken: string | null;
}
