import type { FieldIssue } from "@slms/errors";
import { nonNegativeMinor } from "@slms/primitives/money";
import { isPositiveMinor } from "./outcome.ts";

export const billStatuses = ["open", "paid", "waived"] as const;
export type BillStatus = (typeof billStatuses)[number];

export interface BillState {
  /** amount − allocated − waived. */
  balanceMinor: number;
  status: BillStatus;
}

/**
 * A bill's balance and status from its amount and the sums of its allocations and (approved)
 * waivers:
 *
 * - `open`: balance > 0;
 * - `paid`: balance 0 and nothing waived — also a bill of amount 0, which owes nothing;
 * - `waived`: balance 0 and some of it waived, also when allocations paid the rest (a bill
 *   settled partly by a waiver is reported as waived, so the waiver stays visible).
 *
 * Throws a plain `Error` if an amount is not a whole number ≥ 0 or allocated + waived exceeds the
 * amount: the invariant balance = amount − allocated − waived ≥ 0 is broken.
 */
export function billState(
  amountMinor: number,
  allocatedMinor: number,
  waivedMinor: number,
): BillState {
  nonNegativeMinor(amountMinor, "bill amount");
  nonNegativeMinor(allocatedMinor, "allocated");
  nonNegativeMinor(waivedMinor, "waived");
  const balanceMinor = amountMinor - allocatedMinor - waivedMinor;
  if (balanceMinor < 0) {
    throw new Error(
      `allocated ${allocatedMinor} + waived ${waivedMinor} exceed the bill's amount ${amountMinor}`,
    );
  }
  const status = balanceMinor > 0 ? "open" : waivedMinor > 0 ? "waived" : "paid";
  return { balanceMinor, status };
}

/**
 * Whether a waiver of `amountMinor` must wait for approval: when it is above the site's
 * threshold (a waiver of exactly the threshold needs none; a threshold of 0 makes every waiver
 * need one). Throws a plain `Error` on amounts that are not whole numbers ≥ 0.
 */
export function waiverNeedsApproval(amountMinor: number, thresholdMinor: number): boolean {
  return nonNegativeMinor(amountMinor, "waiver") > nonNegativeMinor(thresholdMinor, "threshold");
}

/**
 * What is wrong with waiving `amountMinor` of a bill whose balance is `balanceMinor`: the
 * amount must be a whole number > 0 and at most the balance (field `amountMinor`).
 */
export function waiverProblems(balanceMinor: number, amountMinor: number): FieldIssue[] {
  nonNegativeMinor(balanceMinor, "balance");
  if (!isPositiveMinor(amountMinor)) {
    return [{ field: "amountMinor", message: "must be a whole number of minor units > 0" }];
  }
  if (amountMinor > balanceMinor) {
    return [
      { field: "amountMinor", message: `must be at most the bill's balance (${balanceMinor})` },
    ];
  }
  return [];
}
