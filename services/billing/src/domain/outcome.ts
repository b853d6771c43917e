import type { FieldIssue } from "@slms/errors";

/**
 * The result of a domain function that checks input a user typed: the value, or every problem
 * found, each naming the field as a REST client sends it (`amountMinor`, `billIds.2`). The
 * use-cases turn problems into a `DomainError` "invalid". Broken invariants (data the service
 * itself wrote) are not problems: they throw a plain `Error`.
 */
export type Outcome<T> = { ok: true; value: T } | { ok: false; problems: FieldIssue[] };

export const success = <T>(value: T): Outcome<T> => ({ ok: true, value });

export const failure = <T>(problems: FieldIssue[]): Outcome<T> => ({ ok: false, problems });

/** True for a whole number of minor units that is ≥ 0 (and safe). */
export const isNonNegativeMinor = (value: unknown): value is number =>
  typeof value === "number" && Number.isSafeInteger(value) && value >= 0;

/** True for a whole number of minor units that is > 0 (and safe). */
export const isPositiveMinor = (value: unknown): value is number =>
  isNonNegativeMinor(value) && value > 0;
