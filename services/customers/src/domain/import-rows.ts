import type { FieldIssue } from "@slms/errors";
import { z } from "zod";
import { text } from "./text.ts";

// Rules of go-live import calls (ImportCustomers, FindCustomersByIdNumber) that no single row
// can check: limits, the batch and row keys, and rows of one call repeating each other.

/** What an import batch makes in this service (import_rows.kind). */
export const importKinds = { customer: "customer" } as const;

/** Rows (or numbers) a call may carry (protos: at most 10,000 a call). */
export const maxImportRows = 10_000;

/** The importer's name of the batch. */
export const batchId = text(100).trim().min(1, "is required");
/** The importer's key of a row: stable per site, sheet and natural key. */
export const rowKey = text(200).min(1, "is required");

/** Issues for rows repeating an earlier row's value of `field` (`<list>.<i>.<field>`). */
export function repeatIssues(list: string, field: string, values: readonly string[]): FieldIssue[] {
  const first = new Map<string, number>();
  const issues: FieldIssue[] = [];
  values.forEach((value, i) => {
    const seen = first.get(value);
    if (seen === undefined) first.set(value, i);
    else
      issues.push({ field: `${list}.${i}.${field}`, message: `repeats ${list}.${seen}.${field}` });
  });
  return issues;
}

/** The head of an import call: its batch and at most `maxImportRows` rows. */
export const importCall = (list: string) =>
  z.object({ batchId, [list]: z.array(z.unknown()).max(maxImportRows) });
