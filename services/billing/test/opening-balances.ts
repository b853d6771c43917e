import type { Harness } from "./harness.ts";

type ImportRequest = Parameters<Harness["billing"]["ImportOpeningBalances"]>[0];
type ImportOpeningBillRow = NonNullable<ImportRequest["bills"]>[number];
type ImportPrepaymentRow = NonNullable<ImportRequest["prepayments"]>[number];

// Rows of an import's opening balances, as the onboarding orchestrator sends them.

let sequence = 0;

/** An opening-arrears row of a lease: rent of January 2026, due on the 5th, 3,000.00. */
export const arrear = (
  lease: { leaseId: string; customerId: string },
  overrides: Partial<ImportOpeningBillRow> = {},
): ImportOpeningBillRow => ({
  key: `arr_${++sequence}`,
  leaseId: lease.leaseId,
  customerId: lease.customerId,
  feeCode: "rent",
  periodStart: "2026-01-01",
  periodEnd: "2026-01-31",
  dueDate: "2026-01-05",
  amountMinor: 300_000,
  note: "",
  ...overrides,
});

/** A prepayment row of a customer (and lease): 500.00 from 2026-02-20. */
export const prepayment = (
  customerId: string,
  overrides: Partial<ImportPrepaymentRow> = {},
): ImportPrepaymentRow => ({
  key: `pre_${++sequence}`,
  customerId,
  leaseId: "",
  amountMinor: 50_000,
  effectiveAt: "2026-02-20T00:00:00+08:00",
  ...overrides,
});

/** A fresh batch id. */
export const batchId = () => `imp_test_${++sequence}_${Date.now()}`;

/** The events of the bills published so far (held ones are not). */
export const issuedFor = (h: Harness, billIds: readonly string[]) =>
  h.events.filter(
    (e) =>
      e.type === "billing.bill.issued" && billIds.includes((e.data as { billId: string }).billId),
  );
