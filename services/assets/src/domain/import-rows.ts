import type { FieldIssue } from "@slms/errors";
import { z } from "zod";

// Rules of go-live import calls (ImportUnits, ImportUnitHolds) that no single row can check:
// limits, the batch and row keys, and rows of one call repeating each other.

/**
 * What an import batch makes in this service (import_rows.kind): units, the buildings they name,
 * holds (one per lease: the lease's claim on its units, made and removed as one, as HoldUnits
 * does) and the status history entries holds wrote (to undo them on discard).
 */
export const importKinds = {
  unit: "unit",
  building: "building",
  hold: "hold",
  statusChange: "unit_status_change",
} as const;

/** Rows a call may carry (protos: at most 10,000 rows a call). */
export const maxImportRows = 10_000;

/** The importer's name of the batch. */
export const batchId = z
  .string()
  .trim()
  .min(1, "is required")
  .max(100, "must be at most 100 characters");
/** The importer's key of a row: stable per site, sheet and natural key. */
export const rowKey = z.string().min(1, "is required").max(200, "must be at most 200 characters");

/** For each value seen before in the list, the index of its first occurrence (index → first). */
export function repeats(values: readonly string[]): Map<number, number> {
  const first = new Map<string, number>();
  const result = new Map<number, number>();
  values.forEach((value, i) => {
    const seen = first.get(value);
    if (seen === undefined) first.set(value, i);
    else result.set(i, seen);
  });
  return result;
}

/** Issues for rows repeating an earlier row's value of `field` (`<list>.<i>.<field>`). */
export function repeatIssues(list: string, field: string, values: readonly string[]): FieldIssue[] {
  return [...repeats(values)].map(([i, first]) => ({
    field: `${list}.${i}.${field}`,
    message: `repeats ${list}.${first}.${field}`,
  }));
}

/** One unit's claim of one row of a holds import (civil dates, inclusive). */
export interface HoldClaim {
  row: number;
  /** The index of the unit in the row's unit ids. */
  unit: number;
  unitId: string;
  fromDate: string;
  toDate: string;
}

/**
 * Claims of one call that overlap an earlier claim of the same unit in the call (a unit is
 * never leased twice for overlapping dates, also within one import). Each overlapping claim is
 * named once, against the claim it overlaps.
 */
export function overlappingClaims(
  claims: readonly HoldClaim[],
): { claim: HoldClaim; other: HoldClaim }[] {
  const byUnit = new Map<string, HoldClaim[]>();
  for (const claim of claims) {
    const list = byUnit.get(claim.unitId);
    if (list) list.push(claim);
    else byUnit.set(claim.unitId, [claim]);
  }
  const result: { claim: HoldClaim; other: HoldClaim }[] = [];
  for (const list of byUnit.values()) {
    if (list.length < 2) continue;
    const sorted = [...list].sort((a, b) =>
      a.fromDate < b.fromDate ? -1 : a.fromDate > b.fromDate ? 1 : a.row - b.row,
    );
    // The claim reaching furthest so far: a later start on or before its end overlaps it.
    let reach = sorted[0]!;
    for (const claim of sorted.slice(1)) {
      if (claim.fromDate <= reach.toDate) result.push({ claim, other: reach });
      if (claim.toDate > reach.toDate) reach = claim;
    }
  }
  return result.sort((a, b) => a.claim.row - b.claim.row || a.claim.unit - b.claim.unit);
}
