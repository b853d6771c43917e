import type { DepositEntryV1 } from "@slms/contracts";
import type { Harness } from "./harness.ts";

// Rows of an import's deposits, as the onboarding orchestrator sends them.

type ImportRequest = Parameters<Harness["payments"]["ImportDeposits"]>[0];
type ImportDepositRow = NonNullable<ImportRequest["deposits"]>[number];

let sequence = 0;

/** A deposit row of a lease: 6,000.00 received by cash on 2025-12-20. */
export const deposit = (
  lease: { leaseId: string; customerId: string },
  overrides: Partial<ImportDepositRow> = {},
): ImportDepositRow => ({
  key: `dep_row_${++sequence}`,
  leaseId: lease.leaseId,
  customerId: lease.customerId,
  amountMinor: 600_000,
  receivedAt: "2025-12-20T10:00:00+08:00",
  reference: "",
  method: "PAYMENT_METHOD_CASH",
  ...overrides,
});

/** A fresh batch id. */
export const batchId = () => `imp_test_${++sequence}_${Date.now()}`;

/** The `payments.deposit.received` events of these entries published so far. */
export const receivedFor = (h: Harness, entryIds: readonly string[]) =>
  h.events.filter(
    (e) =>
      e.type === "payments.deposit.received" &&
      entryIds.includes((e.data as DepositEntryV1).entryId),
  );
